package io.anonkit.settings;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Loads and saves the settings document and keeps the audit trail of its changes.
 *
 * <p>Each save names the revision it replaces, so that two writers, on one node or on several sharing a database, can
 * never overwrite each other's change unseen.
 */
public interface SettingsRepository {
    /** The saved document and its revision, or empty when nothing was saved yet. */
    Optional<SavedSettings> load();

    /**
     * Saves every run-time setting of {@code settings}, all or nothing, and appends {@code entry} to the audit trail.
     *
     * @param expectedRevision the revision the change is based on; {@code 0} when nothing was saved before
     * @return the new revision
     * @throws ConcurrentChangeException when the saved revision is no longer {@code expectedRevision}
     */
    long save(Settings settings, long expectedRevision, AuditEntry entry);

    /** The latest audit entries, newest first, at most {@code limit}. */
    List<AuditEntry> auditTrail(int limit);

    /** The signing keys kept with the settings, oldest first. */
    List<SigningKey> signingKeys();

    /**
     * Keeps {@code key} with the settings, and forgets every key created before {@code forgetBefore}.
     *
     * @return the keys kept now, oldest first
     */
    List<SigningKey> addSigningKey(SigningKey key, Instant forgetBefore);

    /** Where the settings are kept, for log lines and the admin page. */
    String location();

    /** Whether other nodes may change the settings too, so this node must look for their changes. */
    default boolean shared() {
        return false;
    }
}
