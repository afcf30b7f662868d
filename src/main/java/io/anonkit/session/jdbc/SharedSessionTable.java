package io.anonkit.session.jdbc;

import io.anonkit.database.ClusterNodes;
import io.anonkit.database.ConnectionSource;
import io.anonkit.database.DatabaseNotifications;
import io.anonkit.database.DatabaseSchema;
import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import io.anonkit.session.PooledSession;
import io.anonkit.session.SessionAwaitsDatabaseException;
import io.anonkit.session.SessionEvents;
import io.anonkit.session.SessionOpener;
import io.anonkit.session.SessionRecords;
import io.anonkit.session.UpstreamSessionPool;
import java.lang.System.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The pooled Qlik sessions of every node of a cluster in one table of the shared database, so that the cluster holds
 * at most {@code sessionPoolSize} sessions per user id however many nodes serve it.
 *
 * <p>A row per pool position ({@code slot}) holds the session's identity, cookie, CSRF token, when it was opened, when
 * a node last saw Qlik accept it, and a {@code generation} counted up by every change of the cookie. Nodes keep the
 * rows in memory and serve visitors from there; the table is read and written only when a session opens, changes or
 * learns its token, never per request.
 *
 * <p><b>Opening is single-flight across nodes with a row lock.</b> A node that needs a slot opened locks the slot's row
 * ({@code SELECT ... FOR UPDATE}, in one transaction, inserted first when missing). Holding the lock, it takes a cookie
 * another node recorded since this node last saw the row (a higher generation); only when there is none does it open
 * the session at Qlik, record the cookie and commit. A node that needs the same slot at the same moment waits on the
 * lock and then finds that cookie, so one opening serves every node. The lock ends with the transaction or the
 * connection: a node that dies while opening holds nothing the others need. A row lock was chosen over an advisory
 * lock because the lock and the value it protects are then one thing, released together, and visible in
 * {@code pg_locks} with the row's key.
 *
 * <p><b>Replacements are compare-and-set on the generation.</b> When Qlik answers a request with a new cookie (the old
 * session ended), the node records it only if the row still has the generation the node knew; if another node recorded
 * a replacement first, this node takes that one and logs its own out at Qlik. Every recorded change notifies
 * {@value #CHANNEL}, and every node reads the table again when notified (and after its listener reconnects), so the
 * others use the new cookie from their next request on.
 *
 * <p><b>While the database is away</b> visitors are served from the sessions each node holds, and a session that Qlik
 * ends is replaced by one node only, so that the cluster still holds at most the pool's size: the node that owns its
 * position in the list of nodes all of them last read ({@link ClusterNodes#owns}). That node keeps Qlik's replacement
 * (or opens one); every other node ends the replacement Qlik gave it at once and leaves the position closed, serving
 * from its other sessions, and a request that finds none of them open gets {@link SessionAwaitsDatabaseException}.
 * When the database is back (the listener reconnects, or the node list is read again), each node records the
 * replacements it kept and the others take them. A cluster with more nodes than pooled sessions leaves the extra
 * nodes none to replace.
 *
 * <p>Cookies are bearer credentials: the table is created without any grant to {@code PUBLIC}; only the kit's role
 * (its owner) reads it.
 */
public final class SharedSessionTable implements SessionRecords, AutoCloseable {
    /** The notification channel of a recorded change. */
    public static final String CHANNEL = "anonkit_sessions";
    /** How long a node waits for another node's opening of the same slot before it gives up. */
    public static final Duration LOCK_WAIT = Duration.ofSeconds(30);

    private static final Logger LOG = System.getLogger(SharedSessionTable.class.getName());
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS anonkit_sessions (upstream TEXT NOT NULL, slot INTEGER NOT NULL,"
                + " identity TEXT NOT NULL, cookie TEXT, csrf_token TEXT, generation BIGINT NOT NULL DEFAULT 0,"
                + " opened TIMESTAMP WITH TIME ZONE, confirmed TIMESTAMP WITH TIME ZONE, node TEXT,"
                + " PRIMARY KEY (upstream, slot))",
        "REVOKE ALL ON anonkit_sessions FROM PUBLIC"
    };
    private static final String SELECT_ROW = "SELECT identity, cookie, csrf_token, generation FROM anonkit_sessions"
            + " WHERE upstream = ? AND slot = ?";

    private final ConnectionSource connections;
    private final String description;
    private final SessionOpener opener;
    private final ClusterNodes nodes;
    private final String node;
    private final SessionEvents events;
    private final ExecutorService writer = Executors.newSingleThreadExecutor(daemon("anonkit-session-table"));
    private final ExecutorService openings = Executors.newCachedThreadPool(daemon("anonkit-session-opening"));
    private final RateLimitedLog problems = new RateLimitedLog(LOG, Duration.ofSeconds(30), Clock.systemUTC());
    private final RateLimitedLog handovers = new RateLimitedLog(LOG, Duration.ofSeconds(30), Clock.systemUTC());
    private final DatabaseNotifications notifications;
    private volatile UpstreamSessionPool pool;

    /**
     * The table in the database of {@code connections}, created when missing, with a listener for the other nodes'
     * changes.
     *
     * @param connections the shared database
     * @param description where it is, free of secrets, for log lines
     * @param opener      ends sessions at Qlik that a replacement made surplus
     * @param nodes       the cluster's nodes, this one included, which share the replacements while the database is
     *                    away; their list is read again when it returns, and the table with it
     * @param events      hears of every cookie taken from another node's record
     * @throws IllegalStateException when the table cannot be created
     */
    public SharedSessionTable(
            ConnectionSource connections,
            String description,
            SessionOpener opener,
            ClusterNodes nodes,
            SessionEvents events) {
        this.connections = connections;
        this.description = description;
        this.opener = opener;
        this.nodes = nodes;
        this.node = nodes.node();
        this.events = events;
        DatabaseSchema.create(connections, description, "the table anonkit_sessions", SCHEMA);
        notifications = DatabaseNotifications.start(connections, description, CHANNEL, this::reload);
        nodes.onReturn(this::reload);
    }

    /** The listener of the other nodes' changes. */
    public DatabaseNotifications notifications() {
        return notifications;
    }

    @Override
    public void restore(UpstreamSessionPool pool) {
        this.pool = pool;
        reload();
    }

    /**
     * Takes every cookie another node recorded since this node last saw its row, then records each replacement this
     * node kept while the database was away.
     */
    void reload() {
        UpstreamSessionPool current = pool;
        if (current == null) {
            return;
        }
        try (Connection connection = connections.open();
                PreparedStatement select = connection.prepareStatement("SELECT slot, identity, cookie, csrf_token,"
                        + " generation FROM anonkit_sessions WHERE upstream = ?")) {
            select.setString(1, current.upstream());
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int slot = rows.getInt(1);
                    if (slot < current.sessions().size()) {
                        take(
                                current.sessions().get(slot),
                                new Row(rows.getString(2), rows.getString(3), rows.getString(4), rows.getLong(5)));
                    }
                }
            }
        } catch (SQLException e) {
            problem("cannot read the pooled sessions from", e);
            return;
        }
        for (PooledSession session : current.sessions()) {
            Optional<String> cookie = session.cookie();
            if (cookie.isPresent() && !cookie.equals(session.recordedCookie())) {
                changed(session, Optional.empty());
            }
        }
    }

    /**
     * Takes {@code row}'s cookie into {@code session} when it is newer than the last one this node recorded or took.
     * A replacement this node saw but has not recorded yet is then one Qlik opened in vain, and ends at Qlik.
     *
     * @return whether the row was newer
     */
    private boolean take(PooledSession session, Row row) {
        if (!row.identity().equals(session.identityLine())
                || row.cookie() == null
                || row.generation() <= session.generation()) {
            return false;
        }
        String local = session.cookie().orElse(null);
        // Only a replacement Qlik just opened is ended: a cookie the records held may belong to an ended session, and
        // Qlik would open a new one for the logout itself.
        boolean unrecorded =
                local != null && !local.equals(session.recordedCookie().orElse(null));
        if (!session.adopt(local, row.cookie(), row.csrfToken(), row.generation())) {
            return true;
        }
        events.adopted();
        if (unrecorded && !local.equals(row.cookie())) {
            opener.close(session, local);
        }
        return true;
    }

    @Override
    public CompletableFuture<Optional<String>> open(
            PooledSession session, Supplier<CompletableFuture<Optional<String>>> openAtQlik) {
        CompletableFuture<Optional<String>> result = new CompletableFuture<>();
        long stale = session.generation();
        openings.execute(() -> {
            OpeningAtQlik opening = new OpeningAtQlik(openAtQlik);
            try {
                result.complete(openShared(session, stale, opening));
            } catch (SQLException e) {
                if (opening.started()) {
                    result.complete(opening.join());
                } else if (DatabaseSchema.unreachable(e) && !nodes.owns(session.index())) {
                    problem("cannot share the opening of a pooled session through", e);
                    result.completeExceptionally(new SessionAwaitsDatabaseException("pooled session " + session.index()
                            + " is opened by another node while the shared database is away"));
                } else {
                    problem("cannot share the opening of a pooled session through", e);
                    opening.start().whenComplete((cookie, failure) -> {
                        if (failure != null) {
                            result.completeExceptionally(failure);
                        } else {
                            result.complete(cookie);
                        }
                    });
                }
            } catch (RuntimeException e) {
                result.completeExceptionally(
                        e instanceof CompletionException && e.getCause() != null ? e.getCause() : e);
            }
        });
        return result;
    }

    /**
     * Opens {@code session} under its row's lock, unless the row holds a cookie recorded after the one this node found
     * closed ({@code stale} is the generation it knew then).
     */
    private Optional<String> openShared(PooledSession session, long stale, OpeningAtQlik opening) throws SQLException {
        try (Connection connection = connections.open()) {
            connection.setAutoCommit(false);
            try {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("SET LOCAL lock_timeout = '" + LOCK_WAIT.toMillis() + "ms'");
                }
                insertIfMissing(connection, session);
                Row row = select(connection, session, " FOR UPDATE").orElseThrow();
                boolean newer = row.generation() > stale
                        || row.cookie() != null
                                && row.cookie().equals(session.cookie().orElse(null));
                if (row.cookie() != null && newer && row.identity().equals(session.identityLine())) {
                    // Another node opened it meanwhile (this node may have heard of it already, even before it asked).
                    connection.commit();
                    take(session, row);
                    return Optional.of(row.cookie());
                }
                Optional<String> cookie = opening.start().join();
                if (cookie.isEmpty()) {
                    connection.rollback();
                    return cookie;
                }
                long generation = record(connection, session, cookie.get(), true);
                notifyOthers(connection);
                connection.commit();
                session.adopt(session.cookie().orElse(null), cookie.get(), null, generation);
                return cookie;
            } catch (SQLException | RuntimeException e) {
                rollback(connection);
                throw e;
            }
        }
    }

    @Override
    public void changed(PooledSession session, Optional<String> previous) {
        writer.execute(() -> {
            try (Connection connection = connections.open()) {
                connection.setAutoCommit(false);
                try {
                    Optional<Row> row = select(connection, session, " FOR UPDATE");
                    if (row.isPresent() && take(session, row.get())) {
                        // Another node recorded a replacement first: this node uses it, and ended its own.
                        connection.commit();
                        return;
                    }
                    String now = session.cookie().orElse(null);
                    if (row.isPresent()
                            && row.get().generation() == session.generation()
                            && Objects.equals(now, session.recordedCookie().orElse(null))) {
                        connection.commit();
                        return;
                    }
                    if (row.isEmpty()) {
                        insertIfMissing(connection, session);
                    }
                    long generation = record(connection, session, now, now != null);
                    notifyOthers(connection);
                    connection.commit();
                    session.recorded(now, generation);
                } catch (SQLException | RuntimeException e) {
                    rollback(connection);
                    throw e;
                }
            } catch (SQLException e) {
                problem("cannot record a pooled session's new cookie in", e);
                if (DatabaseSchema.unreachable(e)) {
                    giveUpUnlessOwned(session);
                }
            }
        });
    }

    /**
     * Ends the replacement {@code session} holds unrecorded when another node owns its position, so that one node
     * alone replaces it while the database is away.
     */
    private void giveUpUnlessOwned(PooledSession session) {
        String replacement = session.cookie().orElse(null);
        if (replacement == null
                || replacement.equals(session.recordedCookie().orElse(null))
                || nodes.owns(session.index())
                || !session.giveUp(replacement)) {
            return;
        }
        opener.close(session, replacement);
        handovers.warn(() -> "pooled sessions: Qlik replaced session " + session.index() + " while " + description
                + " is away; another node of " + nodes.members().size() + " keeps the replacement, this node ended"
                + " its own and takes the kept one when the database is back");
    }

    @Override
    public void csrfTokenChanged(PooledSession session) {
        Optional<String> cookie = session.cookie();
        Optional<String> token = session.csrfToken();
        if (cookie.isEmpty() || token.isEmpty()) {
            return;
        }
        update(
                "UPDATE anonkit_sessions SET csrf_token = ? WHERE upstream = ? AND slot = ? AND cookie = ?",
                session,
                token.get(),
                cookie.get());
    }

    @Override
    public void confirmed(PooledSession session) {
        session.cookie()
                .ifPresent(cookie -> update(
                        "UPDATE anonkit_sessions SET confirmed = now(), node = ?"
                                + " WHERE upstream = ? AND slot = ? AND cookie = ?",
                        session,
                        node,
                        cookie));
    }

    private void update(String sql, PooledSession session, String first, String cookie) {
        writer.execute(() -> {
            try (Connection connection = connections.open();
                    PreparedStatement update = connection.prepareStatement(sql)) {
                update.setString(1, first);
                update.setString(2, session.upstream());
                update.setInt(3, session.index());
                update.setString(4, cookie);
                update.executeUpdate();
            } catch (SQLException e) {
                problem("cannot record a pooled session in", e);
            }
        });
    }

    private static void insertIfMissing(Connection connection, PooledSession session) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO anonkit_sessions"
                + " (upstream, slot, identity) VALUES (?, ?, ?) ON CONFLICT (upstream, slot) DO NOTHING")) {
            insert.setString(1, session.upstream());
            insert.setInt(2, session.index());
            insert.setString(3, session.identityLine());
            insert.executeUpdate();
        }
    }

    private long record(Connection connection, PooledSession session, String cookie, boolean opened)
            throws SQLException {
        try (PreparedStatement update = connection.prepareStatement("UPDATE anonkit_sessions SET identity = ?,"
                + " cookie = ?, csrf_token = NULL, generation = generation + 1,"
                + " opened = CASE WHEN ? THEN now() ELSE opened END, confirmed = now(), node = ?"
                + " WHERE upstream = ? AND slot = ? RETURNING generation")) {
            update.setString(1, session.identityLine());
            update.setString(2, cookie);
            update.setBoolean(3, opened);
            update.setString(4, node);
            update.setString(5, session.upstream());
            update.setInt(6, session.index());
            try (ResultSet generation = update.executeQuery()) {
                generation.next();
                return generation.getLong(1);
            }
        }
    }

    private Optional<Row> select(Connection connection, PooledSession session, String lock) throws SQLException {
        try (PreparedStatement select = connection.prepareStatement(SELECT_ROW + lock)) {
            select.setString(1, session.upstream());
            select.setInt(2, session.index());
            try (ResultSet row = select.executeQuery()) {
                return row.next()
                        ? Optional.of(new Row(row.getString(1), row.getString(2), row.getString(3), row.getLong(4)))
                        : Optional.empty();
            }
        }
    }

    private static void notifyOthers(Connection connection) throws SQLException {
        // Delivered when the transaction commits, and only then.
        try (Statement statement = connection.createStatement()) {
            statement.execute("NOTIFY " + CHANNEL);
        }
    }

    private static void rollback(Connection connection) {
        try {
            connection.rollback();
        } catch (SQLException e) {
            // The connection closes next, which rolls back.
        }
    }

    private void problem(String doing, SQLException e) {
        problems.warn(() -> "pooled sessions: " + doing + " " + description + ": "
                + SafeText.quote(String.valueOf(e.getMessage())) + "; this node goes on with the sessions it holds");
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        };
    }

    @Override
    public void close() {
        notifications.close();
        writer.shutdown();
        openings.shutdown();
    }

    /** A row as read. */
    private record Row(String identity, String cookie, String csrfToken, long generation) {}

    /** The opening at Qlik, started at most once. */
    private static final class OpeningAtQlik {
        private final Supplier<CompletableFuture<Optional<String>>> openAtQlik;
        private CompletableFuture<Optional<String>> started;

        OpeningAtQlik(Supplier<CompletableFuture<Optional<String>>> openAtQlik) {
            this.openAtQlik = openAtQlik;
        }

        synchronized CompletableFuture<Optional<String>> start() {
            if (started == null) {
                started = openAtQlik.get();
            }
            return started;
        }

        synchronized boolean started() {
            return started != null;
        }

        Optional<String> join() {
            return start().join();
        }
    }
}
