package io.anonkit.client;

import io.anonkit.http.ContextAttributes;
import io.anonkit.http.Refusal;
import io.anonkit.http.Refusals;
import io.anonkit.settings.ClientSettings;
import io.anonkit.settings.SettingKey;
import jakarta.servlet.ServletContext;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.Supplier;

/**
 * How much of the gateway each client uses, against {@link ClientSettings}: HTTP requests per second with a burst
 * (a token bucket in its GCRA form), engine tunnels open at once and opened per minute per client, tunnels open over
 * all clients, and engine identities issued per hour. Counts live in arrays of {@link ClientSlots#SIZE} slots, so the
 * memory they take is fixed (about 2.5 MB) whatever the number of clients; a check takes no lock. A client is an IPv4
 * address or an IPv6 /64 network ({@link ClientSlots}), the block one household or device usually gets.
 *
 * <p>A client over a limit gets a {@link Refusal} of 429 with {@code Retry-After}, before anything reaches Qlik.
 */
public final class ClientLimits {
    /** Servlet context attribute holding the application's limits. */
    public static final String ATTRIBUTE = ClientLimits.class.getName();
    /** {@code Retry-After} for a client at its limit of open tunnels, which ends only when one of them closes. */
    static final long TUNNEL_RETRY_SECONDS = 10;

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final int COUNT_BITS = 21;
    private static final long COUNT_MASK = (1L << COUNT_BITS) - 1;

    private final Clock clock;
    private final ClientSlots slots = new ClientSlots();
    private final AtomicLongArray requestTat = new AtomicLongArray(ClientSlots.SIZE);
    private final AtomicIntegerArray tunnelsOpen = new AtomicIntegerArray(ClientSlots.SIZE);
    private final AtomicLongArray tunnelsOpened = new AtomicLongArray(ClientSlots.SIZE);
    private final AtomicLongArray identitiesIssued = new AtomicLongArray(ClientSlots.SIZE);
    private final AtomicInteger allTunnels = new AtomicInteger();

    /** Limits that read the time from {@code clock}. */
    public ClientLimits(Clock clock) {
        this.clock = clock;
    }

    /** The application's limits, made on first use. */
    public static ClientLimits of(ServletContext context) {
        return ContextAttributes.getOrCreate(
                context, ATTRIBUTE, ClientLimits.class, () -> new ClientLimits(Clock.systemUTC()));
    }

    /** Takes one HTTP request of {@code client}; a refusal when it is over its rate and burst. */
    public Optional<Refusal> request(String client, ClientSettings settings) {
        int slot = slots.of(client);
        long now = clock.millis() * 1000;
        long interval = Math.max(1, 1_000_000L / settings.requestsPerSecond());
        // GCRA: a request may arrive up to this much ahead of its schedule, so a burst of requestBurst passes at once.
        long tolerance = interval * (settings.requestBurst() - 1);
        while (true) {
            long stored = requestTat.get(slot);
            long tat = Math.max(stored, now);
            long early = tat - now - tolerance;
            if (early > 0) {
                long seconds = Math.max(1, (early + 999_999) / 1_000_000);
                return Optional.of(tooMany(
                        Refusals.REQUEST_RATE,
                        seconds,
                        settings.requestsPerSecond(),
                        settings.requestBurst(),
                        SettingKey.REQUESTS_PER_SECOND.named()));
            }
            if (requestTat.compareAndSet(slot, stored, tat + interval)) {
                return Optional.empty();
            }
        }
    }

    /**
     * Takes one engine tunnel of {@code client}; a refusal when the client holds or opened too many, or all clients
     * together hold {@code maxTunnels}. A tunnel taken must be given back with {@link #closeTunnel} when it ends.
     */
    public Optional<Refusal> openTunnel(String client, ClientSettings settings) {
        int slot = slots.of(client);
        if (allTunnels.incrementAndGet() > settings.maxTunnels()) {
            allTunnels.decrementAndGet();
            return Optional.of(tooMany(
                    Refusals.TUNNELS_AT_MOST,
                    TUNNEL_RETRY_SECONDS,
                    settings.maxTunnels(),
                    SettingKey.MAX_TUNNELS.named()));
        }
        if (tunnelsOpen.incrementAndGet(slot) > settings.tunnelsPerClient()) {
            tunnelsOpen.decrementAndGet(slot);
            allTunnels.decrementAndGet();
            return Optional.of(tooMany(
                    Refusals.TUNNELS_PER_CLIENT,
                    TUNNEL_RETRY_SECONDS,
                    settings.tunnelsPerClient(),
                    SettingKey.TUNNELS_PER_CLIENT.named()));
        }
        long retry = take(tunnelsOpened, slot, settings.tunnelsPerMinute(), MINUTE);
        if (retry > 0) {
            tunnelsOpen.decrementAndGet(slot);
            allTunnels.decrementAndGet();
            return Optional.of(tooMany(
                    Refusals.TUNNEL_RATE, retry, settings.tunnelsPerMinute(), SettingKey.TUNNELS_PER_MINUTE.named()));
        }
        return Optional.empty();
    }

    /** Gives back a tunnel of {@code client} that {@link #openTunnel} let through. */
    public void closeTunnel(String client) {
        tunnelsOpen.decrementAndGet(slots.of(client));
        allTunnels.decrementAndGet();
    }

    /**
     * A new engine identity from {@code issuer} while {@code client} is under its hourly share; empty over it. The
     * client's next visitors then open the app's shared engine session, which no visitor may change, instead of anyone's
     * private one: people behind one NAT or proxy never see or change each other's selections, and Qlik holds no new
     * engine session per request.
     */
    public Optional<String> identity(String client, ClientSettings settings, Supplier<String> issuer) {
        if (take(identitiesIssued, slots.of(client), settings.identitiesPerHour(), HOUR) > 0) {
            return Optional.empty();
        }
        return Optional.of(issuer.get());
    }

    /** Engine tunnels open now, over all clients. */
    public int openTunnels() {
        return allTunnels.get();
    }

    /** Counts one in the current fixed window of {@code slot}; 0 when under {@code limit}, else seconds to wait. */
    private long take(AtomicLongArray windows, int slot, int limit, long windowMillis) {
        long now = clock.millis();
        long window = now / windowMillis;
        while (true) {
            long stored = windows.get(slot);
            long count = (stored >>> COUNT_BITS) == window ? stored & COUNT_MASK : 0;
            if (count >= limit) {
                return Math.max(1, ((window + 1) * windowMillis - now + 999) / 1000);
            }
            if (windows.compareAndSet(slot, stored, (window << COUNT_BITS) | (count + 1))) {
                return 0;
            }
        }
    }

    /** {@code limit}'s refusal, its {@code parts} followed by the seconds to wait, also in {@code Retry-After}. */
    private static Refusal tooMany(Refusals limit, long retryAfterSeconds, Object... parts) {
        Object[] all = java.util.Arrays.copyOf(parts, parts.length + 1);
        all[parts.length] = retryAfterSeconds;
        return limit.with(all).withHeader("Retry-After", String.valueOf(retryAfterSeconds));
    }
}
