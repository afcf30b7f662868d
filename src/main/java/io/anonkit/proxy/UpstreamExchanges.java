package io.anonkit.proxy;

import io.anonkit.http.Refusal;
import io.anonkit.identity.IdentityPolicy;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionOpeningException;
import io.anonkit.session.SessionPools;
import io.anonkit.session.UpstreamSessionPool;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the {@link UpstreamExchange} of each request, once: admission ({@link GatewayAdmission}), then the pooled
 * Qlik session (waiting for one to open when none is), then the upstream URL. A request it refuses gets a precise
 * status and nothing goes upstream.
 */
final class UpstreamExchanges {
    private static final System.Logger LOG = System.getLogger(UpstreamExchanges.class.getName());
    private final SettingsDerived<Settings, IdentityPolicy> policies = SettingsDerived.of(IdentityPolicy::of);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10), Clock.systemUTC());
    private final SessionPools pools;

    /** Exchanges whose pooled sessions come from {@code pools}. */
    UpstreamExchanges(SessionPools pools) {
        this.pools = pools;
    }

    /**
     * The exchange of {@code request} under {@code settings}, also kept in its {@link UpstreamExchange#ATTRIBUTE}.
     *
     * @throws RefusedException when the request is not forwarded
     */
    UpstreamExchange resolve(Settings settings, HttpServletRequest request) throws RefusedException {
        Optional<Refusal> refusal = GatewayAdmission.check(settings, request);
        if (refusal.isPresent()) {
            throw new RefusedException(refusal.get());
        }
        Optional<UpstreamSessionPool> pool = pools.get(settings);
        Optional<PooledSession> session = pool.isPresent()
                ? Optional.of(acquire(pool.get(), settings, request.getHeader("Host"))) : Optional.empty();
        String target = UpstreamTarget.url(settings.upstream().orElseThrow(), request.getRequestURI(),
                request.getContextPath(), request.getServletPath(), request.getQueryString());
        UpstreamExchange exchange = new UpstreamExchange(settings, target, policies.get(settings), session);
        request.setAttribute(UpstreamExchange.ATTRIBUTE, exchange);
        return exchange;
    }

    private PooledSession acquire(UpstreamSessionPool pool, Settings settings, String host) throws RefusedException {
        long wait = settings.connectTimeout().plus(settings.idleTimeout()).toMillis();
        try {
            return pool.acquire(host).get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException(Refusal.of(503, "Service unavailable: the kit is stopping"));
        } catch (TimeoutException e) {
            throw new RefusedException(Refusal.of(504, "Gateway timeout: the Qlik server did not open a session within "
                    + wait + " ms"));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failures.warn(() -> "could not open a pooled Qlik session: " + cause.getClass().getSimpleName() + ": "
                    + SafeText.quote(cause.getMessage()));
            throw new RefusedException(cause instanceof SessionOpeningException
                    ? Refusal.of(502, "Bad gateway: " + cause.getMessage())
                    : UpstreamFailures.answer(cause, settings));
        }
    }
}
