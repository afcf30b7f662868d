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
public record SessionSettings(SessionPooling pool, int poolSize, int userIdCount, SelectionScope selectionScope) {
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
