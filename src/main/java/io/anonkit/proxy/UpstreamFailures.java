package io.anonkit.proxy;

import io.anonkit.http.Refusal;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import java.net.SocketTimeoutException;
import java.util.concurrent.TimeoutException;

/** What a visitor is told when Qlik cannot be reached (502) or stays silent (504). */
final class UpstreamFailures {
    private static final String UNREACHABLE = "Bad gateway: the Qlik server could not be reached or broke the connection";

    private UpstreamFailures() {
    }

    /** The answer to {@code failure} of an upstream exchange: 504 for a timeout, 502 for anything else. */
    static Refusal answer(Throwable failure, Settings settings) {
        if (isTimeout(failure)) {
            return Refusal.of(504, "Gateway timeout: the Qlik server did not answer within "
                    + settings.idleTimeout().toMillis() + " ms, " + SettingKey.IDLE_TIMEOUT.named());
        }
        return Refusal.of(502, UNREACHABLE);
    }

    /** Whether {@code failure} or one of its causes is a timeout. */
    static boolean isTimeout(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof TimeoutException || t instanceof SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
