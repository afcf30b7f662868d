package io.anonkit.http;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * Writes the gateway's own error responses: a status, a one-line plain-text body that says what went wrong, and
 * {@code Connection: close} for requests the kit refused, so that no further bytes on that connection are parsed.
 */
public final class ErrorResponse {
    private ErrorResponse() {}

    /** Sends {@code refusal}: its status, headers and message, if the response is not committed yet. */
    public static void send(HttpServletResponse response, Refusal refusal) throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        refusal.headers().forEach(response::setHeader);
        send(response, refusal.status(), refusal.message(), refusal.closesConnection());
    }

    /**
     * Sends {@code status} with {@code message} as the body, if the response is not committed yet.
     *
     * @param close whether to ask the client to close the connection
     */
    public static void send(HttpServletResponse response, int status, String message, boolean close)
            throws IOException {
        if (response.isCommitted()) {
            return;
        }
        response.resetBuffer();
        response.setStatus(status);
        if (close) {
            response.setHeader("Connection", "close");
        }
        response.setHeader("Cache-Control", "no-store");
        response.setContentType("text/plain;charset=utf-8");
        byte[] body = (message + "\n").getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }
}
