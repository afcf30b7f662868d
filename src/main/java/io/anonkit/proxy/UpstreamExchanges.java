package io.anonkit.proxy;

import io.anonkit.access.AccessPolicy;
import io.anonkit.access.Verdict;
import io.anonkit.client.ClientAddress;
import io.anonkit.client.ClientLimits;
import io.anonkit.http.AccessMonitor;
import io.anonkit.http.Refusal;
import io.anonkit.http.RefusalReason;
import io.anonkit.http.Refusals;
import io.anonkit.identity.IdentityPolicy;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import io.anonkit.metrics.KitMetrics;
import io.anonkit.metrics.RouteKind;
import io.anonkit.session.IdentityTokens;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionAwaitsDatabaseException;
import io.anonkit.session.SessionOpeningException;
import io.anonkit.session.SessionPools;
import io.anonkit.session.UpstreamSessionPool;
import io.anonkit.settings.AccessSettings;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsDerived;
import io.anonkit.tunnel.WebSocketUpgrades;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves the {@link UpstreamExchange} of each request, once: admission ({@link GatewayAdmission}), the client's
 * request rate ({@link ClientLimits}), the access profile ({@link AccessPolicy}; in observe mode a refusal is only
 * counted), the client's engine tunnels, then the pooled Qlik session (waiting for one to open when none is) and the
 * upstream URL. A request it refuses gets a precise status and nothing goes upstream; every refusal of the access
 * policy and the limits is counted by the {@link AccessMonitor}.
 */
final class UpstreamExchanges {
    private static final System.Logger LOG = System.getLogger(UpstreamExchanges.class.getName());
    /** {@code Retry-After} when no pooled session is open here and another node opens them until the database is back. */
    private static final int AWAIT_DATABASE_SECONDS = 10;

    private final SettingsDerived<Settings, IdentityPolicy> policies = SettingsDerived.of(IdentityPolicy::of);
    private final RateLimitedLog failures = new RateLimitedLog(LOG, Duration.ofSeconds(10), Clock.systemUTC());
    private final SessionPools pools;
    private final ClientLimits limits;
    private final AccessMonitor monitor;
    private final IdentityTokens tokens;
    private final KitMetrics metrics;

    /**
     * Exchanges whose pooled sessions come from {@code pools}, checked against {@code limits}, counted by
     * {@code monitor}, with engine identities verified by {@code tokens}.
     */
    UpstreamExchanges(
            SessionPools pools, ClientLimits limits, AccessMonitor monitor, IdentityTokens tokens, KitMetrics metrics) {
        this.metrics = metrics;
        this.pools = pools;
        this.limits = limits;
        this.monitor = monitor;
        this.tokens = tokens;
    }

    /**
     * The exchange of {@code request} under {@code settings}, also kept in its {@link UpstreamExchange#ATTRIBUTE}.
     *
     * @throws RefusedException when the request is not forwarded
     */
    UpstreamExchange resolve(Settings settings, HttpServletRequest request) throws RefusedException {
        long started = System.nanoTime();
        String client = ClientAddress.of(request, settings.clients().trustedProxies());
        boolean upgrade = WebSocketUpgrades.isRequested(request);
        UpstreamTarget.Checked admitted = GatewayAdmission.check(settings, request);
        Optional<Refusal> refusal = admitted.refusal();
        if (refusal.isEmpty() && upgrade) {
            // A handshake that cannot succeed takes no tunnel slot and opens no Qlik session.
            refusal = Optional.ofNullable(WebSocketUpgrades.problem(request)).map(Refusals.HANDSHAKE_MALFORMED::with);
        }
        if (refusal.isPresent()) {
            monitor.record(
                    refusal.get().countedAs().orElseThrow(),
                    request.getMethod(),
                    AccessPolicy.pattern(request.getRequestURI()),
                    true,
                    client);
            throw new RefusedException(refusal.get());
        }
        // The path below the mount, split and checked once by the admission.
        String remainder = admitted.remainder();
        refuseOverLimit(limits.request(client, settings.clients()), request.getMethod(), remainder, client);
        String path = remainder;
        String query = request.getQueryString();
        Optional<String> app = Optional.empty();
        boolean sharedEngineSession = true;
        Verdict verdict = AccessPolicy.check(settings, request.getMethod(), remainder, query, upgrade, tokens);
        if (verdict instanceof Verdict.Refused refused) {
            boolean enforced = settings.access().enforcement() == AccessSettings.Enforcement.ENFORCE;
            monitor.record(refused.reason(), request.getMethod(), refused.pattern(), enforced, client);
            if (enforced) {
                throw new RefusedException(refused.refusal());
            }
        } else if (verdict instanceof Verdict.Allowed allowed) {
            path = allowed.path().orElse(path);
            app = allowed.app();
            sharedEngineSession = allowed.sharedEngineSession();
            if (allowed.query().isPresent()) {
                query = allowed.query().get().isEmpty() ? null : allowed.query().get();
            }
        }
        if (upgrade) {
            refuseOverLimit(limits.openTunnel(client, settings.clients()), request.getMethod(), remainder, client);
        }
        try {
            Optional<UpstreamSessionPool> pool = pools.get(settings);
            Optional<PooledSession> session = pool.isPresent()
                    ? Optional.of(acquire(pool.get(), settings, request.getHeader("Host")))
                    : Optional.empty();
            String target = UpstreamTarget.url(settings.upstream().orElseThrow(), path, query);
            UpstreamExchange exchange = new UpstreamExchange(
                    settings,
                    target,
                    policies.get(settings),
                    session,
                    client,
                    app,
                    sharedEngineSession,
                    RouteKind.of(remainder, upgrade),
                    remainder,
                    started);
            request.setAttribute(UpstreamExchange.ATTRIBUTE, exchange);
            return exchange;
        } catch (RefusedException | RuntimeException e) {
            if (upgrade) {
                limits.closeTunnel(client);
            }
            throw e;
        }
    }

    private void refuseOverLimit(Optional<Refusal> overLimit, String method, String path, String client)
            throws RefusedException {
        if (overLimit.isPresent()) {
            monitor.record(RefusalReason.LIMIT, method, AccessPolicy.pattern(path), true, client);
            throw new RefusedException(overLimit.get());
        }
    }

    private PooledSession acquire(UpstreamSessionPool pool, Settings settings, String host) throws RefusedException {
        long wait = settings.connectTimeout().plus(settings.idleTimeout()).toMillis();
        try {
            return pool.acquire(host).get(wait, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RefusedException(Refusals.STOPPING.with());
        } catch (TimeoutException e) {
            throw new RefusedException(Refusals.SESSION_SILENT.with(wait));
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            failures.warn(() -> "could not open a pooled Qlik session: "
                    + cause.getClass().getSimpleName() + ": " + SafeText.quote(cause.getMessage()));
            if (cause instanceof SessionAwaitsDatabaseException) {
                throw new RefusedException(Refusals.SESSION_AWAITS_DATABASE
                        .with(cause.getMessage(), AWAIT_DATABASE_SECONDS)
                        .withHeader("Retry-After", String.valueOf(AWAIT_DATABASE_SECONDS)));
            }
            throw new RefusedException(
                    cause instanceof SessionOpeningException
                            ? Refusals.SESSION_REFUSED.with(cause.getMessage())
                            : UpstreamFailures.answer(cause, settings));
        }
    }
}
