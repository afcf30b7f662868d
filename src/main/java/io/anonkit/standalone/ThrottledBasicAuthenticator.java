package io.anonkit.standalone;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.security.AuthenticationState;
import org.eclipse.jetty.security.ServerAuthException;
import org.eclipse.jetty.security.UserIdentity;
import org.eclipse.jetty.security.authentication.BasicAuthenticator;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * HTTP Basic for the admin pages, with a {@link LoginThrottle}: an address that guessed wrong too often gets
 * {@code 429 Too Many Requests} with {@code Retry-After}, and its passwords are not even checked until it may try again.
 */
final class ThrottledBasicAuthenticator extends BasicAuthenticator {
    private final LoginThrottle throttle;

    ThrottledBasicAuthenticator(LoginThrottle throttle) {
        this.throttle = throttle;
        setCharset(StandardCharsets.UTF_8);
    }

    @Override
    public AuthenticationState validateRequest(Request request, Response response, Callback callback)
            throws ServerAuthException {
        Optional<Duration> wait = throttle.waitFor(Request.getRemoteAddr(request));
        if (wait.isPresent()) {
            long seconds = Math.max(1, wait.get().toSeconds() + 1);
            response.setStatus(429);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, seconds);
            response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain;charset=utf-8");
            response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
            Content.Sink.write(
                    response,
                    true,
                    "Too many failed logins from this address; try again in " + seconds + " s\n",
                    callback);
            return AuthenticationState.SEND_FAILURE;
        }
        return super.validateRequest(request, response, callback);
    }

    @Override
    public UserIdentity login(String username, Object password, Request request, Response response) {
        String address = Request.getRemoteAddr(request);
        UserIdentity user = super.login(username, password, request, response);
        if (user == null) {
            throttle.failed(address);
        } else {
            throttle.succeeded(address);
        }
        return user;
    }
}
