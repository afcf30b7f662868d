package io.anonkit.settings;

import io.anonkit.home.AtomicFile;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the settings document in a JSON file, {@code $ANONKIT_HOME/settings.json}, replaced atomically by
 * {@link AtomicFile}: a crash at any moment leaves either the old or the new document, never a partial one. The file
 * is readable by its owner only, as it may hold the trust store password.
 *
 * <p>The audit trail is {@code $ANONKIT_HOME/audit.jsonl}, one JSON object per line, appended and forced to disk after
 * the settings are saved. The revision counts saves since this node started: one node owns the file, and loading
 * removes what writes killed before their rename left behind.
 */
public final class FileSettingsRepository implements SettingsRepository {
    /** Name of the settings document in the kit's home folder. */
    public static final String FILE_NAME = "settings.json";
    /** Name of the signing keys' file in the kit's home folder (owner-only). */
    public static final String KEYS_FILE_NAME = "signing-keys.json";
    /** Name of the audit trail in the kit's home folder. */
    public static final String AUDIT_FILE_NAME = "audit.jsonl";

    private final Path file;
    private final Path auditFile;
    private final Path keysFile;
    private long revision;

    /** A repository for {@code home/settings.json}. */
    public FileSettingsRepository(Path home) {
        this.file = home.resolve(FILE_NAME);
        this.auditFile = home.resolve(AUDIT_FILE_NAME);
        this.keysFile = home.resolve(KEYS_FILE_NAME);
    }

    @Override
    public String location() {
        return file.toString();
    }

    @Override
    public synchronized Optional<SavedSettings> load() {
        String text;
        try {
            AtomicFile.removeLeftovers(file);
            if (!Files.exists(file)) {
                return Optional.empty();
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the saved settings " + file + ": " + e.getMessage() + "; fix or remove them", e);
        }
        revision = Math.max(revision, 1);
        return Optional.of(new SavedSettings(SettingsDocument.read(text, file.toString()), revision));
    }

    @Override
    public synchronized long save(Settings settings, long expectedRevision, AuditEntry entry) {
        if (expectedRevision != revision) {
            throw new ConcurrentChangeException("the settings file changed since revision " + expectedRevision);
        }
        try {
            AtomicFile.write(file, SettingsDocument.write(settings).getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the settings to " + file + ": " + e.getMessage(), e);
        }
        revision++;
        append(entry);
        return revision;
    }

    private void append(AuditEntry entry) {
        byte[] line = (entry.toJson().toString() + "\n").getBytes(StandardCharsets.UTF_8);
        try (FileChannel channel = FileChannel.open(
                auditFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            channel.write(ByteBuffer.wrap(line));
            channel.force(true);
        } catch (IOException e) {
            throw new UncheckedIOException(
                    "the settings were saved, but the audit trail " + auditFile + " could not be written: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public synchronized List<AuditEntry> auditTrail(int limit) {
        if (!Files.exists(auditFile)) {
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(auditFile, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the audit trail " + auditFile + ": " + e.getMessage(), e);
        }
        List<AuditEntry> entries = new ArrayList<>();
        for (int i = lines.size() - 1; i >= 0 && entries.size() < limit; i--) {
            String line = lines.get(i).trim();
            if (line.isEmpty()) {
                continue;
            }
            try {
                entries.add(AuditEntry.parse(line));
            } catch (JsonException e) {
                // A line cut short by a crash while appending: the entries before it still count.
            }
        }
        return Collections.unmodifiableList(entries);
    }

    @Override
    public synchronized List<SigningKey> signingKeys() {
        try {
            AtomicFile.removeLeftovers(keysFile);
            if (!Files.exists(keysFile)) {
                return List.of();
            }
            try (JsonReader reader = Json.createReader(Files.newBufferedReader(keysFile, StandardCharsets.UTF_8))) {
                List<SigningKey> keys = new ArrayList<>();
                for (JsonValue value : reader.readObject().getJsonArray("keys")) {
                    JsonObject key = value.asJsonObject();
                    keys.add(new SigningKey(
                            key.getString("id"), key.getString("secret"), Instant.parse(key.getString("created"))));
                }
                return List.copyOf(keys);
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(
                    "cannot read the signing keys " + keysFile + ": " + e.getMessage()
                            + "; remove the file to make new ones (pages issued before become invalid)",
                    e);
        }
    }

    @Override
    public synchronized List<SigningKey> addSigningKey(SigningKey key, Instant forgetBefore) {
        List<SigningKey> keys = new ArrayList<>(signingKeys().stream()
                .filter(k -> !k.created().isBefore(forgetBefore))
                .toList());
        keys.add(key);
        JsonArrayBuilder array = Json.createArrayBuilder();
        keys.forEach(k -> array.add(Json.createObjectBuilder()
                .add("id", k.id())
                .add("secret", k.secret())
                .add("created", k.created().toString())));
        try {
            AtomicFile.write(
                    keysFile,
                    Json.createObjectBuilder()
                            .add("keys", array)
                            .build()
                            .toString()
                            .getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot save the signing keys to " + keysFile + ": " + e.getMessage(), e);
        }
        return List.copyOf(keys);
    }
}
