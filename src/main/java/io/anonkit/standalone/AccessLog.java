package io.anonkit.standalone;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.RequestLog;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.component.LifeCycle;

/**
 * The standalone server's access log, one line per request through Jetty's request log: in the common log format, or
 * as JSON lines. It holds no secret: the values of the {@code qlik-csrf-token} and {@code xrfkey} query parameters are
 * replaced by {@code redacted}, and no header is written (so neither the identity header nor a cookie can be). The
 * client is the address the kit resolved from its trusted proxies (the request attribute {@value #CLIENT_ATTRIBUTE}
 * that the gateway sets), else the connection's peer.
 */
final class AccessLog implements RequestLog {
    /** The request attribute with the client address the gateway resolved ({@code ClientAddress.ATTRIBUTE}). */
    static final String CLIENT_ATTRIBUTE = "io.anonkit.client.ClientAddress";

    private static final Set<String> SECRET_PARAMETERS = Set.of("qlik-csrf-token", "xrfkey");
    private static final DateTimeFormatter COMMON_TIME =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT).withZone(ZoneOffset.UTC);

    /** The line formats. */
    enum Format {
        /** {@code client - user [time] "METHOD target PROTOCOL" status bytes duration-ms}. */
        COMMON,
        /** One JSON object per line. */
        JSON
    }

    private final Format format;
    private final RequestLog.Writer writer;

    AccessLog(Format format, RequestLog.Writer writer) {
        this.format = format;
        this.writer = writer;
    }

    @Override
    public void log(Request request, Response response) {
        Object resolved = request.getAttribute(CLIENT_ATTRIBUTE);
        String client = resolved instanceof String address ? address : Request.getRemoteAddr(request);
        String path = request.getHttpURI().getPath();
        String query = redacted(request.getHttpURI().getQuery());
        long bytes = Response.getContentBytesWritten(response);
        long millis = Math.max(0, System.currentTimeMillis() - Request.getTimeStamp(request));
        Instant at = Instant.ofEpochMilli(Request.getTimeStamp(request));
        String line = format == Format.JSON
                ? json(
                        at,
                        client,
                        request.getMethod(),
                        path,
                        query,
                        request.getConnectionMetaData().getProtocol(),
                        response.getStatus(),
                        bytes,
                        millis)
                : client + " - - [" + COMMON_TIME.format(at) + "] \"" + printable(request.getMethod()) + " "
                        + printable(path + (query == null ? "" : "?" + query)) + " "
                        + printable(request.getConnectionMetaData().getProtocol()) + "\" " + response.getStatus() + " "
                        + bytes + " " + millis;
        try {
            writer.write(line);
        } catch (IOException e) {
            // An access log that cannot be written must not fail the request; the server logs the writer's failure.
        }
    }

    /** {@code query} with the values of secret parameters replaced, or {@code null}. */
    static String redacted(String query) {
        if (query == null) {
            return null;
        }
        StringBuilder out = new StringBuilder(query.length());
        boolean first = true;
        for (String pair : query.split("&", -1)) {
            if (!first) {
                out.append('&');
            }
            first = false;
            int equals = pair.indexOf('=');
            String name = equals < 0 ? pair : pair.substring(0, equals);
            String decoded = java.net.URLDecoder.decode(
                            name.replace("+", "%2B"), java.nio.charset.StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
            out.append(SECRET_PARAMETERS.contains(decoded) ? name + "=redacted" : pair);
        }
        return out.toString();
    }

    /** Control characters and quotes escaped, so a line stays one line that parses. */
    private static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c < 0x20 || c == 0x7f || c == '"' || c == '\\') {
                out.append(String.format(Locale.ROOT, "\\x%02x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }

    private static String json(
            Instant at,
            String client,
            String method,
            String path,
            String query,
            String protocol,
            int status,
            long bytes,
            long millis) {
        StringBuilder out =
                new StringBuilder(160).append("{\"time\":\"").append(at).append("\",\"client\":");
        string(out, client).append(",\"method\":");
        string(out, method).append(",\"path\":");
        string(out, path).append(",\"query\":");
        if (query == null) {
            out.append("null");
        } else {
            string(out, query);
        }
        out.append(",\"protocol\":");
        string(out, protocol)
                .append(",\"status\":")
                .append(status)
                .append(",\"bytes\":")
                .append(bytes)
                .append(",\"durationMs\":")
                .append(millis)
                .append('}');
        return out.toString();
    }

    private static StringBuilder string(StringBuilder out, String text) {
        out.append('"');
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                default -> {
                    if (c < 0x20 || c == 0x7f || (c >= 0xd800 && c <= 0xdfff)) {
                        out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"');
    }

    /** Stops the writer, when it has a life cycle. */
    void stop() {
        LifeCycle.stop(writer);
    }
}
