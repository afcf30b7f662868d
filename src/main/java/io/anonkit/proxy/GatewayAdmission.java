package io.anonkit.proxy;

import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.log.SafeText;
import io.anonkit.settings.HostHeader;
import io.anonkit.settings.SettingKey;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Decides whether the gateway forwards a request at all, before anything is sent upstream:
 * <ul>
 *   <li>503 while no upstream is configured;</li>
 *   <li>405 for a method other than GET, HEAD, POST, PUT, DELETE, PATCH or OPTIONS, with {@code Allow};</li>
 *   <li>421 for a host outside {@code anonkit.allowed.hosts};</li>
 *   <li>400 without a {@code Host} header where Qlik needs the visitor's;</li>
 *   <li>400 for a path that could leave the virtual proxy prefix (see {@link UpstreamTarget}).</li>
 * </ul>
 */
final class GatewayAdmission {
    /** Methods the gateway forwards. */
    static final Set<String> METHODS = Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");

    private static final String ALLOW = String.join(", ", new TreeSet<>(METHODS));

    private GatewayAdmission() {}

    /**
     * Whether {@code request} is forwarded under {@code settings}: its path below the mount, split and checked once, or
     * why it is not.
     */
    static UpstreamTarget.Checked check(Settings settings, HttpServletRequest request) {
        if (settings.upstream().isEmpty()) {
            return refused(Refusals.UNCONFIGURED.with(SettingKey.UPSTREAM.environmentVariable()));
        }
        if (!METHODS.contains(request.getMethod())) {
            return refused(Refusals.METHOD_NOT_FORWARDED
                    .with(SafeText.quote(request.getMethod()))
                    .withHeader("Allow", ALLOW));
        }
        if (!settings.allowedHosts().isEmpty()
                && !settings.allowedHosts().contains(request.getServerName().toLowerCase(Locale.ROOT))) {
            return refused(Refusals.MISDIRECTED.with(
                    SafeText.quote(request.getServerName()), SettingKey.ALLOWED_HOSTS.named()));
        }
        if (settings.hostHeader().kind() == HostHeader.Kind.CLIENT && request.getHeader("Host") == null) {
            return refused(Refusals.HOST_MISSING.with());
        }
        return UpstreamTarget.checked(request.getRequestURI(), request.getContextPath(), request.getServletPath());
    }

    private static UpstreamTarget.Checked refused(Refusal refusal) {
        return new UpstreamTarget.Checked(null, Optional.of(refusal));
    }
}
