package io.anonkit.deployment;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.SettingsParser;
import io.anonkit.settings.SettingsStore;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * A servlet, deployed only in tests, with the store injected by CDI: POST changes the user id through the store,
 * GET reports the changes the CDI observer saw.
 */
@WebServlet("/test/settings")
public class SettingsProbeServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;

    @Inject
    private transient SettingsStore store;

    @Inject
    private transient SettingsChangeRecorder recorder;

    @Override
    protected void doPost(HttpServletRequest request, HttpServletResponse response) throws IOException {
        var values = store.current().values();
        values.put(SettingKey.USER_ID, request.getParameter("user"));
        store.replace(SettingsParser.parse(values::get));
        response.getWriter().write("replaced");
    }

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        response.getWriter()
                .write(recorder.changes().stream()
                        .map(c -> c.previous().userId() + "->" + c.current().userId())
                        .toList()
                        .toString());
    }
}
