package io.anonkit.admin;

import io.anonkit.http.JsonResponse;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * {@code GET /admin/api/checklist}: what to enter in the QMC's virtual proxy for the current settings, as
 * {@code {"items": [{"field": "...", "value": "...", "note": "..."}]}} ({@link QmcChecklist}).
 */
public class ChecklistApiServlet extends SettingsServlet {
    private static final long serialVersionUID = 1L;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        JsonArrayBuilder items = Json.createArrayBuilder();
        for (QmcChecklist.Item item : QmcChecklist.of(store().current(), request.getHeader("Host"))) {
            items.add(Json.createObjectBuilder()
                    .add("field", item.field())
                    .add("value", item.value())
                    .add("note", item.note()));
        }
        JsonResponse.send(
                response, 200, Json.createObjectBuilder().add("items", items).build());
    }
}
