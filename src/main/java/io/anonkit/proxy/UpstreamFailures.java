package io.anonkit.proxy;

import io.anonkit.http.Causes;
import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;

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
}
