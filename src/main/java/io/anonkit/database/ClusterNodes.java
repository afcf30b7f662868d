package io.anonkit.database;

import io.anonkit.log.RateLimitedLog;
import io.anonkit.log.SafeText;
import java.lang.System.Logger;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The nodes of a cluster as the shared database last saw them, so that a node can tell its own part of a shared task
 * apart while the database is away.
 *
 * <p>Every node records itself in {@code anonkit_nodes} every {@link #BEAT} and reads back the nodes seen within
 * {@link #GONE}, in name order. While the database answers, nothing needs this list: shared work is coordinated in the
 * database. When it does not, each node still holds the list of its last read, the same on every node, and so each
 * node takes the same, disjoint part ({@link #owns}): with the pooled Qlik sessions, one node replaces each session
 * that Qlik ends, and the cluster never holds more than the pool's size. A node leaving cleanly deletes its row; one
 * that dies is dropped from the others' lists {@link #GONE} after its last beat.
 */
public final class ClusterNodes implements AutoCloseable {
    /** How often a node records that it is alive and reads the others. */
    public static final Duration BEAT = Duration.ofSeconds(10);
    /** How long after its last beat a node no longer counts. */
    public static final Duration GONE = Duration.ofSeconds(30);

    private static final Logger LOG = System.getLogger(ClusterNodes.class.getName());
    private static final String[] SCHEMA = {
        "CREATE TABLE IF NOT EXISTS anonkit_nodes (node TEXT PRIMARY KEY, seen TIMESTAMP WITH TIME ZONE NOT NULL)",
        "REVOKE ALL ON anonkit_nodes FROM PUBLIC"
    };

    private final ConnectionSource connections;
    private final String description;
    private final String node;
    private final ScheduledExecutorService beats = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "anonkit-cluster-nodes");
        thread.setDaemon(true);
        return thread;
    });
    private final RateLimitedLog problems = new RateLimitedLog(LOG, Duration.ofSeconds(30), Clock.systemUTC());
    private final List<Runnable> returns = new java.util.concurrent.CopyOnWriteArrayList<>();
    private volatile List<String> members;
    private volatile boolean away;

    /**
     * Records {@code node} in the database of {@code connections} (creating the table when missing), reads the others,
     * and goes on doing so every {@link #BEAT}.
     *
     * @param connections the shared database
     * @param description where it is, free of secrets, for log lines
     * @param node        this node's name, unique in the cluster
     * @throws IllegalStateException when the table cannot be created
     */
    public ClusterNodes(ConnectionSource connections, String description, String node) {
        this.connections = connections;
        this.description = description;
        this.node = node;
        this.members = List.of(node);
        DatabaseSchema.create(connections, description, "the table anonkit_nodes", SCHEMA);
        beat();
        beats.scheduleWithFixedDelay(this::beat, BEAT.toMillis(), BEAT.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** This node's name. */
    public String node() {
        return node;
    }

    /** The nodes of the last successful read, in name order; this node alone before the first. */
    public List<String> members() {
        return members;
    }

    /**
     * Whether this node's part of {@code count} numbered tasks includes task {@code index}: task {@code i} belongs to
     * the node at position {@code i} modulo the number of nodes, so each task belongs to exactly one node of a shared
     * list. A node that has more nodes than tasks before it has none.
     */
    public boolean owns(int index) {
        List<String> known = members;
        int position = known.indexOf(node);
        return position < 0 || Math.floorMod(index, known.size()) == position;
    }

    /** Runs {@code action} (on this list's thread) after each beat that succeeds when the one before it failed. */
    public void onReturn(Runnable action) {
        returns.add(action);
    }

    /** Records this node and reads the list; keeps the last list when the database does not answer. */
    void beat() {
        try (Connection connection = connections.open()) {
            try (PreparedStatement record = connection.prepareStatement("INSERT INTO anonkit_nodes (node, seen)"
                    + " VALUES (?, now()) ON CONFLICT (node) DO UPDATE SET seen = now()")) {
                record.setString(1, node);
                record.executeUpdate();
            }
            try (PreparedStatement forget =
                    connection.prepareStatement("DELETE FROM anonkit_nodes WHERE seen < now() - interval '1 day'")) {
                forget.executeUpdate();
            }
            List<String> seen = new ArrayList<>();
            try (PreparedStatement read = connection.prepareStatement("SELECT node FROM anonkit_nodes"
                    + " WHERE seen > now() - make_interval(secs => ?) ORDER BY node")) {
                read.setLong(1, GONE.toSeconds());
                try (ResultSet rows = read.executeQuery()) {
                    while (rows.next()) {
                        seen.add(rows.getString(1));
                    }
                }
            }
            members = List.copyOf(seen);
        } catch (SQLException e) {
            away = true;
            problems.warn(() -> "cluster nodes: cannot record this node in " + description + ": "
                    + SafeText.quote(String.valueOf(e.getMessage())) + "; this node keeps the list of "
                    + members.size() + " node(s) it last read");
            return;
        }
        if (away) {
            away = false;
            for (Runnable action : returns) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    problems.warn(() -> "cluster nodes: an action on the database's return failed: " + e);
                }
            }
        }
    }

    /** Stops beating and deletes this node's row, so that the others stop counting it at their next beat. */
    @Override
    public void close() {
        beats.shutdownNow();
        try (Connection connection = connections.open();
                PreparedStatement leave = connection.prepareStatement("DELETE FROM anonkit_nodes WHERE node = ?")) {
            leave.setString(1, node);
            leave.executeUpdate();
        } catch (SQLException e) {
            // The others drop this node GONE after its last beat.
        }
    }
}
