package io.anonkit.http;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A request the kit will not serve: the status and the one-line message the client gets, headers that explain the
 * status (such as {@code Allow} on a 405), and whether the connection ends after the answer.
 *
 * <p>Policies return one from a pure check, {@code check(settings, request) -> Optional<Refusal>}; the servlet or
 * filter that asked sends it with {@link ErrorResponse#send(jakarta.servlet.http.HttpServletResponse, Refusal)}.
 *
 * @param status           the HTTP status
 * @param message          the response body, one line; never a raw hostile value (see {@code SafeText})
 * @param headers          extra response headers, in order
 * @param closesConnection whether the client is asked to close the connection, so no further bytes on it are parsed
 */
public record Refusal(int status, String message, Map<String, String> headers, boolean closesConnection) {
    /** Copies the headers so the record stays immutable. */
    public Refusal {
        headers = Map.copyOf(headers);
    }

    /** A refusal that closes the connection and adds no header. */
    public static Refusal of(int status, String message) {
        return new Refusal(status, message, Map.of(), true);
    }

    /** This refusal with the header {@code name: value} added. */
    public Refusal withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Refusal(status, message, more, closesConnection);
    }

    /** This refusal, keeping the connection open: for answers about the kit's state rather than the request. */
    public Refusal keepingConnection() {
        return new Refusal(status, message, headers, false);
    }
}
