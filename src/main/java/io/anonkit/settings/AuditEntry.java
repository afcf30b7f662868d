package io.anonkit.settings;

import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One line of the audit trail: who changed the settings, when, from where, and which fields changed how. Secret values
 * are redacted when the entry is made, so no store ever holds them.
 *
 * @param at            when the change was saved
 * @param actor         the authenticated user name, or {@code kit} for changes the kit made itself
 * @param remoteAddress the client address of the request that made the change
 * @param changes       the fields whose value changed, in settings order
 */
public record AuditEntry(Instant at, String actor, String remoteAddress, List<FieldChange> changes) {
    /** Actor name of changes the kit makes itself. */
    public static final String KIT = "kit";

    /** Copies the list so the record stays immutable. */
    public AuditEntry {
        Objects.requireNonNull(at);
        Objects.requireNonNull(actor);
        Objects.requireNonNull(remoteAddress);
        changes = List.copyOf(changes);
    }

    /** The entry for a change from {@code before} to {@code after}, listing only fields that differ. */
    public static AuditEntry between(Settings before, Settings after, String actor, String remoteAddress, Instant at) {
        List<FieldChange> changes = new ArrayList<>();
        var old = before.values();
        after.values().forEach((key, value) -> {
            String previous = old.getOrDefault(key, "");
            if (!previous.equals(value)) {
                changes.add(FieldChange.of(key, previous, value));
            }
        });
        return new AuditEntry(at, actor, remoteAddress, changes);
    }

    /** The entry as a JSON object, as the audit trail stores and the admin API shows it. */
    public JsonObject toJson() {
        JsonArrayBuilder fields = Json.createArrayBuilder();
        changes.forEach(c -> fields.add(Json.createObjectBuilder()
                .add("key", c.key())
                .add("before", c.before())
                .add("after", c.after())));
        return Json.createObjectBuilder()
                .add("at", at.toString())
                .add("actor", actor)
                .add("remoteAddress", remoteAddress)
                .add("changes", fields)
                .build();
    }

    /**
     * Reads an entry from the text of {@link #toJson()}.
     *
     * @throws jakarta.json.JsonException when the text is not JSON, such as a line cut short by a crash
     */
    public static AuditEntry parse(String text) {
        try (JsonReader reader = Json.createReader(new StringReader(text))) {
            return fromJson(reader.readObject());
        }
    }

    /** Reads an entry written by {@link #toJson()}. */
    public static AuditEntry fromJson(JsonObject json) {
        List<FieldChange> changes = new ArrayList<>();
        for (JsonValue value : json.getJsonArray("changes")) {
            JsonObject change = value.asJsonObject();
            changes.add(
                    new FieldChange(change.getString("key"), change.getString("before"), change.getString("after")));
        }
        return new AuditEntry(
                Instant.parse(json.getString("at")), json.getString("actor"), json.getString("remoteAddress"), changes);
    }
}
