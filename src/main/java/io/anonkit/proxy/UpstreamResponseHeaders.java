package io.anonkit.proxy;

import io.anonkit.http.QlikPaths;
import io.anonkit.settings.CookieSecure;
import io.anonkit.settings.Settings;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.Optional;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;

/** The headers of Qlik's answers as the visitor gets them. */
final class UpstreamResponseHeaders {
    private UpstreamResponseHeaders() {}

    /**
     * What becomes of one header of Qlik's answer: {@code Date} is dropped (the container writes its own),
     * {@code Location} and {@code Set-Cookie} are rewritten from the upstream base to the public mount, a pooled
     * session's own cookie stays in the kit, and a {@code qlik-csrf-token} is kept for the pooled session it belongs to.
     *
     * @return the value to send to the visitor, or {@code null} for none
     */
    static String filter(
            HttpServletRequest clientRequest, Response serverResponse, String headerName, String headerValue) {
        if (HttpHeader.DATE.is(headerName)) {
            // The container writes its own Date; a second one would make the response ambiguous.
            return null;
        }
        if (HttpHeader.LOCATION.is(headerName)) {
            return mount(clientRequest, serverResponse).rewriteLocation(headerValue);
        }
        if (QlikPaths.CSRF_TOKEN_NAME.equalsIgnoreCase(headerName)) {
            UpstreamExchange.of(serverResponse.getRequest())
                    .session()
                    .ifPresent(session -> session.observeCsrfToken(headerValue));
            return headerValue;
        }
        if (HttpHeader.SET_COOKIE.is(headerName)) {
            UpstreamExchange exchange = UpstreamExchange.of(serverResponse.getRequest());
            Optional<String> sentCookie =
                    Optional.ofNullable(serverResponse.getRequest().getHeaders().get(HttpHeader.COOKIE));
            if (exchange.session().isPresent() && exchange.session().get().observe(headerValue, sentCookie)) {
                // A pooled session's cookie stays in the kit; a new one replaces the old for every later request.
                return null;
            }
            return visitorCookie(clientRequest, serverResponse, headerValue);
        }
        return headerValue;
    }

    /** A {@code Set-Cookie} of Qlik's that is not a pooled session's, rewritten for the visitor. */
    static String visitorCookie(HttpServletRequest clientRequest, Response serverResponse, String setCookie) {
        Settings settings = UpstreamExchange.of(serverResponse.getRequest()).settings();
        boolean secure = settings.cookieSecure() == CookieSecure.ALWAYS
                || (settings.cookieSecure() == CookieSecure.AUTO && clientRequest.isSecure());
        return SetCookieRewriter.rewrite(
                setCookie, mount(clientRequest, serverResponse), secure, settings.cookieSameSite());
    }

    private static PublicMount mount(HttpServletRequest clientRequest, Response serverResponse) {
        String upstreamHost = serverResponse.getRequest().getHeaders().get(HttpHeader.HOST);
        String publicHost = clientRequest.getHeader("Host");
        if (publicHost == null) {
            publicHost = clientRequest.getServerName() + ":" + clientRequest.getServerPort();
        }
        URI upstream = UpstreamExchange.of(serverResponse.getRequest())
                .settings()
                .upstream()
                .orElseThrow();
        return new PublicMount(
                upstream,
                upstreamHost,
                clientRequest.getScheme() + "://" + publicHost,
                clientRequest.getContextPath() + clientRequest.getServletPath());
    }
}
