package io.anonkit.proxy;

import io.anonkit.settings.Settings;
import io.anonkit.tunnel.ContainerDecorations;
import io.anonkit.tunnel.EndpointHandover;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObjectBuilder;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.DeploymentException;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerContainer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;

/**
 * The built-in inspection upstream ({@code ANONKIT_UPSTREAM=inspect:}): instead of Qlik, the kit answers every request
 * it would forward with that request as it would send it to Qlik (method, URL, every header, the one identity among
 * them), and every engine WebSocket with a banner holding its handshake, then an echo. Each answer says that it is not
 * Qlik. The access policy, the limits and the header sanitising run before it exactly as they do in front of Qlik, so
 * an admin sees the kit's job, and the front proxy chain's effect, before Qlik is connected.
 */
final class InspectionUpstream {
    /** What every answer says first. */
    static final String BANNER = "qlik-anon-kit inspection upstream: this is what the kit would send to Qlik."
            + " This is not Qlik; no Qlik server is connected (ANONKIT_UPSTREAM=" + Settings.INSPECTION_TEXT + ").";
    /** The response header that marks an inspection answer. */
    static final String HEADER = "X-Anonkit-Inspection";

    private InspectionUpstream() {}

    /**
     * Answers in Qlik's place: an engine handshake with the echo (which holds no tunnel slot: {@code releaseSlot} gives
     * the exchange's back), anything else with {@link #answer}.
     */
    static void serve(
            HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange, Runnable releaseSlot)
            throws IOException {
        if (exchange.route() == io.anonkit.metrics.RouteKind.ENGINE_HANDSHAKE) {
            try {
                echo(request, response, exchange);
            } finally {
                releaseSlot.run();
            }
        } else {
            answer(request, response, exchange);
        }
    }

    /**
     * Answers {@code request} with the request the kit would send to Qlik: as JSON, or, when a browser asks for a
     * script (the loader's {@code qlik-embed/main.js}, or any request with {@code Sec-Fetch-Dest: script}), as a
     * {@link InspectionScript} that says so in the console and on the page instead of failing with a syntax error.
     */
    static void answer(HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange)
            throws IOException {
        String description = describe(
                        request.getMethod(), exchange.target(), UpstreamHeaders.forRequest(request, exchange))
                .build()
                .toString();
        boolean script = InspectionScript.wanted(request.getRequestURI(), request.getHeader("Sec-Fetch-Dest"));
        String body = script ? InspectionScript.of(description) : description;
        response.setStatus(200);
        response.setHeader(HEADER, "not Qlik");
        response.setHeader("Cache-Control", "no-store");
        response.setContentType(script ? "text/javascript" : "application/json");
        response.setCharacterEncoding("UTF-8");
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setContentLength(bytes.length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(bytes);
        }
    }

    /** Upgrades the visitor to a WebSocket that first sends the handshake the kit would send to Qlik, then echoes. */
    static void echo(HttpServletRequest request, HttpServletResponse response, UpstreamExchange exchange)
            throws IOException {
        String banner = describe(
                        "GET", exchange.webSocketTarget().toString(), UpstreamHeaders.forHandshake(request, exchange))
                .build()
                .toString();
        ServerContainer container =
                (ServerContainer) request.getServletContext().getAttribute(ServerContainer.class.getName());
        if (container == null) {
            response.sendError(501, "Not implemented: this servlet container offers no WebSocket support");
            return;
        }
        ContainerDecorations decorations = ContainerDecorations.of(request.getServletContext());
        try {
            EndpointHandover.upgrade(
                    request, response, container, new Echo(banner, decorations), List.of(), decorations);
        } catch (DeploymentException e) {
            response.sendError(500, "Internal error: the WebSocket upgrade failed");
        }
    }

    private static JsonObjectBuilder describe(String method, String url, HttpFields headers) {
        JsonArrayBuilder fields = Json.createArrayBuilder();
        for (HttpField field : headers) {
            fields.add(Json.createObjectBuilder().add("name", field.getName()).add("value", field.getValue()));
        }
        return Json.createObjectBuilder()
                .add("notQlik", BANNER)
                .add("method", method)
                .add("url", url)
                .add("headers", fields);
    }

    /** The inspection upstream's engine: the banner, then every text message back. */
    public static final class Echo extends Endpoint {
        private final String banner;
        private final ContainerDecorations decorations;

        Echo(String banner, ContainerDecorations decorations) {
            this.banner = banner;
            this.decorations = decorations;
        }

        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.getAsyncRemote().sendText(banner);
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                if (session.isOpen()) {
                    session.getAsyncRemote().sendText(text);
                }
            });
        }

        @Override
        public void onClose(Session session, CloseReason reason) {
            decorations.destroy(this);
        }
    }
}
