package io.anonkit.budget;

import io.anonkit.database.ConnectionSource;
import io.anonkit.database.DatabaseSchema;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import java.lang.System.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * The budget of a cluster, in the shared database: one row per engine session and node that holds it
 * ({@code anonkit_engine_sessions}), counted as long as its {@code held_until} lies ahead.
 *
 * <p><b>Admission.</b> A session this node already holds is joined in memory. Otherwise the node locks the upstream's
 * row of {@code anonkit_engine_budget} ({@code SELECT ... FOR UPDATE}, so that admissions of all nodes follow each
 * other), counts the distinct sessions that still count, and records its own row when the session is held elsewhere or
 * the count is under the budget. One short transaction per new engine session, on one connection kept for it.
 *
 * <p><b>Holding and giving back.</b> While a session has a tunnel on this node, the node renews its row every
 * {@link #RENEW_EVERY} to {@link #HOLD} plus the linger ahead; when its last tunnel closes, the row counts for the linger
 * only. A node that dies stops renewing, so its sessions count at most {@link #HOLD} plus the linger after it died.
 *
 * <p><b>Without the database</b> a node admits on its own, up to its share of the budget (the budget divided by the
 * nodes it last saw), and says so in its log at most every 30 s; its sessions enter the table with the next renewal
 * that reaches the database.
 */
public final class SharedEngineSessions implements EngineSessionBudget {
    /** How long a held session's row counts beyond its linger without a renewal. */
    public static final Duration HOLD = Duration.ofSeconds(30);
    /** How often a node renews the rows of the sessions it holds. */
    public static final Duration RENEW_EVERY = Duration.ofSeconds(10);

    private static final Logger LOG = System.getLogger(SharedEngineSessions.class.getName());
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS anonkit_engine_sessions (upstream TEXT NOT NULL, app TEXT NOT NULL,"
                + " identity TEXT NOT NULL, node TEXT NOT NULL, held_until TIMESTAMP WITH TIME ZONE NOT NULL,"
                + " PRIMARY KEY (upstream, app, identity, node))",
        "CREATE TABLE IF NOT EXISTS anonkit_engine_budget (upstream TEXT PRIMARY KEY)",
        "REVOKE ALL ON anonkit_engine_sessions FROM PUBLIC",
        "REVOKE ALL ON anonkit_engine_budget FROM PUBLIC"
    };
    private static final String COUNT = "SELECT count(DISTINCT app || '/' || identity),"
            + " count(*) FILTER (WHERE app = ? AND identity = ?), count(DISTINCT node)"
            + " FROM anonkit_engine_sessions WHERE upstream = ? AND held_until > now()";
    private static final String HOLD_ROW = "INSERT INTO anonkit_engine_sessions (upstream, app, identity, node,"
            + " held_until) VALUES (?, ?, ?, ?, now() + ? * interval '1 millisecond')"
            + " ON CONFLICT (upstream, app, identity, node) DO UPDATE SET held_until = excluded.held_until";

    private static final String RENEW_ROWS = "INSERT INTO anonkit_engine_sessions (upstream, app, identity, node,"
            + " held_until) SELECT ?, held.app, held.identity, ?, now() + ? * interval '1 millisecond'"
            + " FROM unnest(?::text[], ?::text[]) AS held(app, identity)"
            + " ON CONFLICT (upstream, app, identity, node) DO UPDATE SET held_until = excluded.held_until";

    private final ConnectionSource connections;
    private final String description;
    private final String node;
    private final LocalEngineSessions local;
    private final RateLimitedLog problems = new RateLimitedLog(LOG, Duration.ofSeconds(30), Clock.systemUTC());
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "anonkit-engine-sessions");
        thread.setDaemon(true);
        return thread;
    });
    /** The one connection admissions use, in turn; guarded by {@code this}. */
    private Connection connection;
    /** Nodes seen holding sessions at the last count, for a node's share without the database. */
    private volatile long nodesSeen = 1;
    /** The linger of the latest admission, for renewals. */
    private volatile Duration linger = Duration.ZERO;

    /**
     * A budget shared through the database of {@code connections}; creates its tables when missing.
     *
     * @param description where the database is, free of secrets, for log lines
     * @param node        this node's name in the table
     */
    public SharedEngineSessions(ConnectionSource connections, String description, String node, Clock clock) {
        this.connections = connections;
        this.description = description;
        this.node = node;
        this.local = new LocalEngineSessions(clock, this::lastClosed);
        DatabaseSchema.create(connections, description, "the engine session budget's tables", SCHEMA);
        long every = RENEW_EVERY.toMillis();
        renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public Optional<EngineSessionLease> acquire(EngineSession session, int budget, Duration linger) {
        this.linger = linger;
        if (local.holds(session)) {
            return local.acquire(session, Integer.MAX_VALUE, linger);
        }
        try {
            return admitted(session, budget, linger)
                    ? local.acquire(session, Integer.MAX_VALUE, linger)
                    : Optional.empty();
        } catch (SQLException e) {
            problem("cannot count the engine sessions in", e);
            long share = Math.max(1, budget / Math.max(1, nodesSeen));
            return local.acquire(session, (int) Math.min(budget, share), linger);
        }
    }

    /** Counts and, when {@code session} may count, records this node's row, in one transaction under the lock. */
    private synchronized boolean admitted(EngineSession session, int budget, Duration linger) throws SQLException {
        Connection db = connection();
        try {
            db.setAutoCommit(false);
            try (Statement statement = db.createStatement()) {
                statement.execute("SET LOCAL lock_timeout = '5s'");
            }
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO anonkit_engine_budget (upstream) VALUES (?) ON CONFLICT DO NOTHING")) {
                insert.setString(1, session.upstream());
                insert.executeUpdate();
            }
            try (PreparedStatement lock =
                    db.prepareStatement("SELECT upstream FROM anonkit_engine_budget WHERE upstream = ? FOR UPDATE")) {
                lock.setString(1, session.upstream());
                lock.executeQuery().close();
            }
            boolean admit;
            try (PreparedStatement count = db.prepareStatement(COUNT)) {
                count.setString(1, session.app());
                count.setString(2, session.identity());
                count.setString(3, session.upstream());
                try (ResultSet row = count.executeQuery()) {
                    row.next();
                    nodesSeen = Math.max(1, row.getLong(3));
                    admit = row.getLong(2) > 0 || row.getLong(1) < budget;
                }
            }
            if (admit) {
                hold(db, session, HOLD.plus(linger));
            }
            db.commit();
            return admit;
        } catch (SQLException e) {
            dropConnection();
            throw e;
        }
    }

    /** Records that this node holds {@code session}, counting for {@code ahead} from now. */
    private void hold(Connection db, EngineSession session, Duration ahead) throws SQLException {
        try (PreparedStatement hold = db.prepareStatement(HOLD_ROW)) {
            hold.setString(1, session.upstream());
            hold.setString(2, session.app());
            hold.setString(3, session.identity());
            hold.setString(4, node);
            hold.setLong(5, ahead.toMillis());
            hold.executeUpdate();
        }
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = connections.open();
        }
        return connection;
    }

    private void dropConnection() {
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // It is gone either way.
        }
        connection = null;
    }

    /** The last tunnel of {@code session} on this node closed: its row counts for the linger only. */
    private void lastClosed(EngineSession session, Duration linger) {
        renewals.execute(() -> {
            synchronized (this) {
                try {
                    Connection db = connection();
                    db.setAutoCommit(true);
                    try (PreparedStatement release = db.prepareStatement("UPDATE anonkit_engine_sessions SET held_until"
                            + " = now() + ? * interval '1 millisecond'"
                            + " WHERE upstream = ? AND app = ? AND identity = ? AND node = ?")) {
                        release.setLong(1, linger.toMillis());
                        release.setString(2, session.upstream());
                        release.setString(3, session.app());
                        release.setString(4, session.identity());
                        release.setString(5, node);
                        release.executeUpdate();
                    }
                } catch (SQLException e) {
                    dropConnection();
                    problem("cannot give an engine session back in", e);
                }
            }
        });
    }

    /**
     * Renews the rows of the sessions with a tunnel on this node, one statement per upstream whatever their number, and
     * drops rows that ended an hour ago.
     */
    private void renew() {
        Map<String, List<EngineSession>> open =
                local.open().stream().collect(Collectors.groupingBy(EngineSession::upstream));
        synchronized (this) {
            try {
                Connection db = connection();
                db.setAutoCommit(true);
                for (Map.Entry<String, List<EngineSession>> upstream : open.entrySet()) {
                    try (PreparedStatement renew = db.prepareStatement(RENEW_ROWS)) {
                        renew.setString(1, upstream.getKey());
                        renew.setString(2, node);
                        renew.setLong(3, HOLD.plus(linger).toMillis());
                        renew.setArray(
                                4,
                                db.createArrayOf(
                                        "text",
                                        upstream.getValue().stream()
                                                .map(EngineSession::app)
                                                .toArray()));
                        renew.setArray(
                                5,
                                db.createArrayOf(
                                        "text",
                                        upstream.getValue().stream()
                                                .map(EngineSession::identity)
                                                .toArray()));
                        renew.executeUpdate();
                    }
                }
                try (Statement statement = db.createStatement()) {
                    statement.executeUpdate(
                            "DELETE FROM anonkit_engine_sessions WHERE held_until < now() - interval '1 hour'");
                }
            } catch (SQLException e) {
                dropConnection();
                problem("cannot renew the engine sessions in", e);
            }
        }
    }

    @Override
    public long inUse(String upstream) {
        Counted last = counted;
        long now = System.nanoTime();
        if (last != null && last.upstream().equals(upstream) && now - last.at() < COUNT_KEPT.toNanos()) {
            return last.sessions();
        }
        long sessions = count(upstream);
        counted = new Counted(upstream, sessions, now);
        return sessions;
    }

    /** How long a count of the table answers {@link #inUse}: pages and scrapes ask often, the table changes slowly. */
    private static final Duration COUNT_KEPT = Duration.ofSeconds(1);

    private record Counted(String upstream, long sessions, long at) {}

    private volatile Counted counted;

    private long count(String upstream) {
        synchronized (this) {
            try {
                Connection db = connection();
                db.setAutoCommit(true);
                try (PreparedStatement count = db.prepareStatement(COUNT)) {
                    count.setString(1, "");
                    count.setString(2, "");
                    count.setString(3, upstream);
                    try (ResultSet row = count.executeQuery()) {
                        row.next();
                        return row.getLong(1);
                    }
                }
            } catch (SQLException e) {
                dropConnection();
                problem("cannot count the engine sessions in", e);
            }
        }
        return local.inUse(upstream);
    }

    private void problem(String doing, SQLException e) {
        problems.warn(() -> "engine session budget: " + doing + " " + description + ": "
                + SafeText.quote(String.valueOf(e.getMessage()))
                + "; this node admits up to its share of the budget on its own");
    }

    @Override
    public void close() {
        renewals.shutdownNow();
        synchronized (this) {
            dropConnection();
        }
    }
}
