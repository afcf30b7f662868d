package io.anonkit.session;

import io.anonkit.home.AtomicFile;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Keeps the pool's Qlik session cookies in {@code $ANONKIT_HOME/sessions.json} (owner-only, replaced atomically), so a
 * restarted kit goes on with the sessions Qlik still counts for its user instead of opening new ones and running into
 * the 5-session limit until the old ones time out. A cookie is restored only into the same position, for the same
 * upstream and the same identity.
 */
public final class PooledSessionsFile implements SessionRecords {
    /** Name of the file in the kit's home folder. */
    public static final String FILE_NAME = "sessions.json";

    private static final System.Logger LOG = System.getLogger(PooledSessionsFile.class.getName());
    private final Path file;
    private volatile UpstreamSessionPool pool;

    /** The file in {@code home}. */
    public PooledSessionsFile(Path home) {
        this.file = home.resolve(FILE_NAME);
    }

    /** Restores the cookies saved for the pool's upstream into {@code pool}, where position and identity match. */
    @Override
    public void restore(UpstreamSessionPool pool) {
        this.pool = pool;
        JsonObject document;
        try (InputStream in = Files.newInputStream(file);
                JsonReader reader = Json.createReader(in)) {
            document = reader.readObject();
        } catch (NoSuchFileException e) {
            return;
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "ignoring unreadable " + file + ": " + e.getMessage());
            return;
        }
        if (!pool.upstream().equals(document.getString("upstream", ""))) {
            return;
        }
        for (JsonValue value : document.getJsonArray("sessions")) {
            JsonObject saved = value.asJsonObject();
            int index = saved.getInt("index", -1);
            if (index >= 0 && index < pool.sessions().size()) {
                PooledSession session = pool.sessions().get(index);
                String cookie = saved.getString("cookie", "");
                if (session.identityLine().equals(saved.getString("identity", "")) && !cookie.isEmpty()) {
                    session.adopt(null, cookie, null, 0);
                }
            }
        }
    }

    /** Saves the open sessions of the pool. */
    @Override
    public void changed(PooledSession session, Optional<String> previous) {
        save(pool);
    }

    private synchronized void save(UpstreamSessionPool pool) {
        if (pool == null) {
            return;
        }
        JsonArrayBuilder sessions = Json.createArrayBuilder();
        for (PooledSession session : pool.sessions()) {
            session.cookie()
                    .ifPresent(cookie -> sessions.add(Json.createObjectBuilder()
                            .add("index", session.index())
                            .add("identity", session.identityLine())
                            .add("cookie", cookie)));
        }
        String document = Json.createObjectBuilder()
                .add("upstream", pool.upstream())
                .add("sessions", sessions)
                .build()
                .toString();
        try {
            AtomicFile.write(file, document.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(System.Logger.Level.WARNING, "cannot save the pooled sessions to " + file + ": " + e.getMessage());
        }
    }
}
