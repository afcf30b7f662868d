package io.anonkit.identity;

import io.anonkit.client.ClientAddress;
import io.anonkit.http.AccessMonitor;
import io.anonkit.http.ContextAttributes;
import io.anonkit.http.ErrorResponse;
import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.log.SafeText;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import io.anonkit.settings.SettingsStore;
import io.anonkit.settings.UnusualHeaderNames;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Enumeration;

/**
 * The gateway's front door: hides every client copy of the identity header, Qlik's reserved headers and the
 * forwarding headers from everything behind it, and refuses requests it cannot forward safely.
 *
 * <p><b>Trust boundary.</b> Everything a client sends is untrusted. Qlik trusts the identity header blindly, so Qlik
 * must be reachable only through the kit, and no client copy of that header may ever reach it, in any spelling. This
 * filter hides them; the proxy servlet strips again on its last hop and injects the one trusted identity after
 * hop-by-hop processing, so neither a skipped filter nor a {@code Connection} header can undo the other.
 *
 * <p>Refused, with nothing forwarded:
 * <ul>
 *   <li>a header value with a control character other than HTAB: 400;</li>
 *   <li>a header name with characters other than letters, digits and '-', when
 *       {@code anonkit.unusual.header.names=reject}: 400 (with {@code drop}, such headers are hidden instead);</li>
 *   <li>more than {@value #MAX_HEADER_FIELDS} header fields or {@value #MAX_HEADER_BYTES} bytes of headers: 431, so
 *       the injected header can never fall past the limits of Qlik's proxy (16 KiB).</li>
 * </ul>
 *
 * <p>Declare it first in {@code web.xml}, on the proxy mount, for every dispatcher type, with
 * {@code <async-supported>true</async-supported>}. It reads the settings snapshot once per request.
 */
public class SanitisingFilter extends HttpFilter {
    private static final long serialVersionUID = 1L;
    /** Most header fields a forwarded request may have. */
    public static final int MAX_HEADER_FIELDS = 100;
    /** Most bytes of header names and values a forwarded request may have. */
    public static final int MAX_HEADER_BYTES = 14 * 1024;
    /** Servlet context attribute holding the application's {@link SpoofMonitor}. */
    public static final String MONITOR_ATTRIBUTE = SpoofMonitor.class.getName();

    private final transient SettingsDerived<Settings, IdentityPolicy> policies = SettingsDerived.of(IdentityPolicy::of);
    private transient SettingsStore store;
    private transient SpoofMonitor monitor;
    private transient AccessMonitor refusals;

    @Override
    public void init() {
        store = SettingsStore.of(getServletContext());
        monitor = monitorOf(getServletContext());
        refusals = AccessMonitor.of(getServletContext());
    }

    /** The application's spoof monitor, created on first use. */
    public static SpoofMonitor monitorOf(jakarta.servlet.ServletContext context) {
        return ContextAttributes.getOrCreate(context, MONITOR_ATTRIBUTE, SpoofMonitor.class, () -> new SpoofMonitor());
    }

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        Settings settings = store.current();
        IdentityPolicy policy = policies.get(settings);
        int fields = 0;
        long bytes = 0;
        boolean strip = false;
        String spoofed = null;
        for (Enumeration<String> names = request.getHeaderNames(); names.hasMoreElements(); ) {
            String name = names.nextElement();
            HeaderVerdict verdict = policy.classify(name);
            if (verdict == HeaderVerdict.UNUSUAL_NAME && settings.unusualHeaderNames() == UnusualHeaderNames.REJECT) {
                refuse(request, response, settings, Refusals.HEADER_NAME, SafeText.quote(name));
                return;
            }
            strip |= verdict.stripped();
            if (verdict.spoofAttempt() && spoofed == null) {
                spoofed = name;
            }
            for (Enumeration<String> values = request.getHeaders(name); values.hasMoreElements(); ) {
                String value = values.nextElement();
                fields++;
                bytes += name.length() + (value == null ? 0 : value.length()) + 4;
                if (value != null && hasControlCharacter(value)) {
                    refuse(request, response, settings, Refusals.HEADER_VALUE, SafeText.quote(name));
                    return;
                }
            }
        }
        if (fields > MAX_HEADER_FIELDS || bytes > MAX_HEADER_BYTES) {
            refuse(request, response, settings, Refusals.HEADERS_TOO_LARGE, MAX_HEADER_FIELDS, MAX_HEADER_BYTES);
            return;
        }
        String client = ClientAddress.of(request, settings.clients().trustedProxies());
        if (spoofed != null) {
            monitor.record(spoofed, client);
        }
        chain.doFilter(strip ? new SanitisedRequest(request, policy) : request, response);
    }

    /** Counts {@code answer} under its reason (logged as {@code (headers)}, nothing of the request) and sends it. */
    private void refuse(
            HttpServletRequest request,
            HttpServletResponse response,
            Settings settings,
            Refusals answer,
            Object... parts)
            throws IOException {
        Refusal refusal = answer.with(parts);
        refusals.record(
                answer.reason().orElseThrow(),
                request.getMethod(),
                "(headers)",
                true,
                ClientAddress.of(request, settings.clients().trustedProxies()));
        ErrorResponse.send(response, refusal);
    }

    /** Whether {@code value} has a character that no header value may have: a control other than HTAB, or past 0xFF. */
    static boolean hasControlCharacter(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f || c > 0xff) {
                return true;
            }
        }
        return false;
    }
}
