package io.anonkit.tunnel;

/**
 * Maps the close status one side of a tunnel ended with to the code sent to the other side. Codes that may travel in a
 * close frame pass unchanged (including Qlik's 4xxx codes); those that only describe what happened locally are
 * translated: no status (1005) to normal (1000), an abnormal end (1006) or a failed TLS handshake (1015) to going away
 * (1001) toward Qlik.
 *
 * <p>Toward the visitor, Qlik's side going away (1001, a Qlik restarting) or vanishing (1006, 1015) becomes 4003, the
 * code with which Qlik's engine says it is terminating: on it the qlik-embed runtime ({@code @qlik/api}) opens the
 * session again by itself at once, re-creating its objects (its {@code shouldResumeImmediately}: 4003, 4004, 4007),
 * where on any other code it waits for the visitor to act.
 */
final class CloseCodes {
    static final int NORMAL = 1000;
    static final int GOING_AWAY = 1001;
    static final int SERVER_ERROR = 1011;
    static final int BAD_GATEWAY = 1014;
    /** Qlik's "engine terminating": clients open the session again at once. */
    static final int ENGINE_TERMINATING = 4003;

    private CloseCodes() {}

    /** Whether {@code code} may be sent in a close frame (RFC 6455 section 7.4). */
    static boolean isTransmittable(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }

    /** The code to send to the visitor when Qlik's side ended with {@code code}. */
    static int towardVisitor(int code) {
        if (code == GOING_AWAY) {
            return ENGINE_TERMINATING;
        }
        if (isTransmittable(code)) {
            return code;
        }
        return code == 1005 ? NORMAL : ENGINE_TERMINATING;
    }

    /** The code to send to Qlik when the visitor's side ended with {@code code}. */
    static int towardUpstream(int code) {
        if (isTransmittable(code)) {
            return code;
        }
        return code == 1005 ? NORMAL : GOING_AWAY;
    }

    /** A close reason cut to the 123 bytes a close frame can carry. */
    static String reason(String reason) {
        if (reason == null) {
            return "";
        }
        String out = reason;
        while (out.getBytes(java.nio.charset.StandardCharsets.UTF_8).length > 123) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }
}
