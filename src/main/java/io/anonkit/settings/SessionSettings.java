package io.anonkit.settings;

import java.util.List;
import java.util.stream.IntStream;

/**
 * How the kit shares Qlik proxy sessions and engine sessions among anonymous visitors.
 *
 * @param pool           whether the kit keeps Qlik's session cookies on the server side
 * @param poolSize       most proxy sessions per user id, 1 to 5
 * @param userIdCount    how many user ids share the load; 1 uses the configured user id as it is
 * @param selectionScope who shares an engine session, and so its selections
 */
public record SessionSettings(Pooling pool, int poolSize, int userIdCount, SelectionScope selectionScope) {
    /** Whether the kit keeps Qlik's session cookies on the server side. */
    public enum Pooling implements Choice {
        /** Pooled in every identity mode except {@code none}, where each browser is its own anonymous Qlik user. */
        AUTO,
        /** Always pooled. */
        ON,
        /** Never pooled: Qlik's session cookies pass through to the browser, rewritten. */
        OFF
    }

    /** Who shares a Qlik engine session, and so its selections, through the {@code identity} of the engine URL. */
    public enum SelectionScope implements Choice {
        /** Every visitor shares one engine session per app: one visitor's selections show for all. */
        SHARED,
        /** Each visitor (kept in the HTTP session) has an engine session of their own. */
        VISITOR,
        /** Each page view has an engine session of its own. */
        VIEW
    }

    /** Whether pooling applies in {@code mode}: {@code auto} pools in every mode that injects an identity. */
    public boolean pooled(IdentityMode mode) {
        return switch (pool) {
            case ON -> true;
            case OFF -> false;
            case AUTO -> mode != IdentityMode.NONE;
        };
    }

    /** The user ids the pool injects: {@code userId} itself, or {@code userId1} to {@code userIdK}. */
    public List<String> userIds(String userId) {
        if (userIdCount == 1) {
            return List.of(userId);
        }
        return IntStream.rangeClosed(1, userIdCount).mapToObj(i -> userId + i).toList();
    }
}
