package io.anonkit.proxy;

import io.anonkit.http.Causes;
import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.log.SafeText;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;

/** What a visitor is told when Qlik cannot be reached (502) or stays silent (504), by {@link Causes#isTimeout}. */
final class UpstreamFailures {
    private UpstreamFailures() {}

    /** The answer to {@code failure} of an upstream exchange: 504 for a timeout, 502 for anything else. */
    static Refusal answer(Throwable failure, Settings settings) {
        if (Causes.isTimeout(failure)) {
            return Refusals.QLIK_SILENT.with(settings.idleTimeout().toMillis(), SettingKey.IDLE_TIMEOUT.named());
        }
        return Refusals.QLIK_UNREACHABLE.with();
    }

    /** The log line of {@code failure} answered with {@code answer}: the request's method and path quoted, no more. */
    static String logLine(HttpServletRequest request, Settings settings, Refusal answer, Throwable failure) {
        return "upstream " + settings.upstream().map(java.net.URI::toString).orElse("") + " failed for "
                + SafeText.quote(request.getMethod()) + " " + SafeText.quote(request.getRequestURI()) + ": answered "
                + answer.status() + " (" + failure.getClass().getSimpleName() + ": "
                + SafeText.quote(failure.getMessage()) + ")";
    }
}
