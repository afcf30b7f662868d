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
 * @param reason           what a visitor's refusal is counted under ({@link Refusals}); {@code null} for a failure or
 *                         an answer outside the gateway, such as the admin API's
 */
public record Refusal(
        int status, String message, Map<String, String> headers, boolean closesConnection, RefusalReason reason) {
    /** Copies the headers so the record stays immutable. */
    public Refusal {
        headers = Map.copyOf(headers);
    }

    /** A refusal that closes the connection, adds no header and is counted under no reason. */
    public static Refusal of(int status, String message) {
        return new Refusal(status, message, Map.of(), true, null);
    }

    /** This refusal with the header {@code name: value} added. */
    public Refusal withHeader(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(headers);
        more.put(name, value);
        return new Refusal(status, message, more, closesConnection, reason);
    }

    /** This refusal, keeping the connection open: for answers about the kit's state rather than the request. */
    public Refusal keepingConnection() {
        return new Refusal(status, message, headers, false, reason);
    }

    /** What this refusal is counted under, if it is a visitor's refusal rather than a failure. */
    public java.util.Optional<RefusalReason> countedAs() {
        return java.util.Optional.ofNullable(reason);
    }
}
