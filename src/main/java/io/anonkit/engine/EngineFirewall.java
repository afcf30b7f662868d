package io.anonkit.engine;

import io.anonkit.http.AccessMonitor;
import io.anonkit.http.RefusalReason;
import io.anonkit.settings.AccessSettings.Enforcement;
import io.anonkit.settings.EngineSettings;
import io.anonkit.settings.Settings;
import io.anonkit.tunnel.MessageInspector;
import java.time.Clock;
import java.util.Optional;

/**
 * The engine firewall of one tunnel, with the settings in force when the tunnel opened. Each visitor message is parsed
 * ({@link EngineRequestParser}), judged ({@link EnginePolicy}) and then:
 * <ul>
 *   <li>allowed: sent to the engine re-serialised from what was parsed;</li>
 *   <li>refused: answered on the same tunnel with the engine's own access-denied error, code 5 with the method as its
 *       parameter, which Qlik's clients fail the call on without reconnecting (they retry code 15 and reconnect on
 *       close codes 4003, 4004 and 4007, which the kit never uses); in observe mode sent on anyway and counted;</li>
 *   <li>malformed, or binary: the tunnel closes with 1008 (1003 for binary); after {@value #MAX_REFUSALS} refusals too;
 *       a message over the size limit closes it with 1009;</li>
 *   <li>with the id of a request still awaiting the engine's answer: the tunnel closes with 1008, because the answer
 *       could no longer be told apart (the engine answers by id), and the kit reads answers for the handles it gives
 *       out;</li>
 *   <li>over the tunnel's message rate, or with too many requests awaiting the engine: the tunnel closes with 1013
 *       ("try again later"), which Qlik's clients treat as a suspended session to resume on the visitor's next move.</li>
 * </ul>
 * The engine's messages are relayed untouched and read for the handles they give out and close.
 */
public final class EngineFirewall implements MessageInspector {
    /** Refusals one tunnel may get before it is closed with 1008. */
    static final int MAX_REFUSALS = 100;
    /** Close code for a malformed message or too many refusals (policy violation). */
    static final int POLICY_VIOLATION = 1008;
    /** Close code for a message over the size limit. */
    static final int TOO_BIG = 1009;
    /** Close code for a tunnel over its rate or its requests awaiting an answer. */
    static final int TRY_AGAIN_LATER = 1013;
    /** The JSON-RPC error code of the engine's access denied ({@code LOCERR_GENERIC_ACCESS_DENIED}). */
    static final int ACCESS_DENIED = 5;

    private final Settings settings;
    private final EngineTunnel tunnel;
    private final ExpressionGuard expressions;
    private final String client;
    private final AccessMonitor monitor;
    private final Clock clock;
    private final EngineRequestParser parser;
    private final HandleTable handles = new HandleTable();
    private boolean docOpened;
    private int refusals;
    private long messageTat;

    /**
     * A firewall for {@code tunnel}.
     *
     * @param client the visitor's address, for the log
     */
    public EngineFirewall(Settings settings, EngineTunnel tunnel, String client, AccessMonitor monitor, Clock clock) {
        this.settings = settings;
        this.tunnel = tunnel;
        this.expressions = new ExpressionGuard(settings.engine().allowedAnalyticConnections());
        this.client = client;
        this.monitor = monitor;
        this.clock = clock;
        this.parser = new EngineRequestParser(settings.engine().maxDepth());
    }

    @Override
    public boolean inspects() {
        return true;
    }

    @Override
    public int maxMessage() {
        return settings.engine().maxMessage();
    }

    @Override
    public synchronized Decision visitorMessage(String text) {
        if (overRate()) {
            record("(rate)", true);
            return new Decision.Close(TRY_AGAIN_LATER, "too many engine messages");
        }
        EngineRequest request;
        try {
            request = parser.parse(text);
        } catch (MalformedMessageException e) {
            record("(malformed)", true);
            return new Decision.Close(POLICY_VIOLATION, "malformed engine message: " + e.getMessage());
        }
        if (handles.awaiting(request.id())) {
            record("(id in use)", true);
            return new Decision.Close(POLICY_VIOLATION, "a request id that still awaits its answer");
        }
        if (handles.pending() >= settings.engine().maxPending()) {
            record("(pending)", true);
            return new Decision.Close(TRY_AGAIN_LATER, "too many requests awaiting the engine");
        }
        Optional<EnginePolicy.Refusal> refusal =
                EnginePolicy.check(settings, tunnel, docOpened, request, handles, expressions);
        if (refusal.isPresent()) {
            boolean enforced = settings.access().enforcement() == Enforcement.ENFORCE;
            // The rule behind a method's refusal is the kit's own words; what a visitor's content was refused for may
            // quote that content (an analytic connection's name), so only its kind, in the pattern, is logged.
            record(
                    refusal.get().pattern(),
                    refusal.get().explain() ? "" : refusal.get().why(),
                    enforced);
            if (enforced) {
                if (++refusals > MAX_REFUSALS) {
                    return new Decision.Close(POLICY_VIOLATION, "too many refused engine requests");
                }
                return new Decision.Answer(accessDenied(
                        request, refusal.get().explain() ? refusal.get().why() : ""));
            }
        }
        if (request.method().equalsIgnoreCase("OpenDoc")) {
            docOpened = true;
        }
        handles.forwarded(request);
        return new Decision.Forward(request.toJson());
    }

    @Override
    public void engineMessage(String text) {
        handles.read(text);
    }

    @Override
    public void engineMessageSkimmed(java.util.OptionalLong id, java.util.List<Integer> closed) {
        handles.skimmed(id, closed);
    }

    /** Closes the tunnel for a binary message, which Qlik's clients never send. */
    @Override
    public Decision visitorBinary() {
        record("(binary)", true);
        return new Decision.Close(1003, "binary engine messages are not accepted");
    }

    private void record(String pattern, boolean enforced) {
        record(pattern, "", enforced);
    }

    /** Counts and logs a refused request, with the rule behind it. */
    private void record(String pattern, String rule, boolean enforced) {
        monitor.record(RefusalReason.ENGINE, "QIX", pattern, rule, enforced, client);
    }

    /** GCRA over this tunnel's messages: at most the burst at once, then the rate. */
    private boolean overRate() {
        EngineSettings engine = settings.engine();
        long now = clock.millis() * 1000;
        long interval = Math.max(1, 1_000_000L / engine.messagesPerSecond());
        long tat = Math.max(messageTat, now);
        if (tat - now > interval * (engine.messageBurst() - 1)) {
            return true;
        }
        messageTat = tat + interval;
        return false;
    }

    /**
     * The engine's own access-denied answer to {@code request}, its message followed by {@code why} unless that is
     * empty.
     */
    static String accessDenied(EngineRequest request, String why) {
        return EngineJson.BUILDERS
                .createObjectBuilder()
                .add("jsonrpc", "2.0")
                .add("id", request.id())
                .add(
                        "error",
                        EngineJson.BUILDERS
                                .createObjectBuilder()
                                .add("code", ACCESS_DENIED)
                                .add("parameter", request.method())
                                .add("message", why.isEmpty() ? "Access denied" : "Access denied: " + why))
                .build()
                .toString();
    }
}
