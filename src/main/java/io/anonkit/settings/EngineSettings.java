package io.anonkit.settings;

import java.util.List;

/**
 * How the engine firewall treats what visitors send inside an engine WebSocket.
 *
 * @param sharedSelections  whether visitors may select while they share one engine session ({@code shared} scope)
 * @param allowedBookmarks  ids of the bookmarks visitors may apply
 * @param maxMessage        largest visitor message, in characters; a larger one closes the tunnel with 1009
 * @param maxDepth          deepest nesting of a visitor message
 * @param messagesPerSecond visitor messages per second one tunnel may carry on average
 * @param messageBurst      visitor messages one tunnel may carry at once above the average
 * @param maxPending        most requests awaiting the engine's answer in one tunnel
 * @param allowedAnalyticConnections names of the analytic connections whose functions visitors' expressions may call
 * @param sessionBudget     most visitor engine sessions (distinct app and identity) at Qlik at once; 0 for none
 * @param sessionLinger     how long Qlik's engine keeps a session after its last WebSocket closed
 */
public record EngineSettings(
        SharedSelections sharedSelections,
        List<String> allowedBookmarks,
        int maxMessage,
        int maxDepth,
        int messagesPerSecond,
        int messageBurst,
        int maxPending,
        List<String> allowedAnalyticConnections,
        int sessionBudget,
        java.time.Duration sessionLinger) {
    /** Whether visitors may select in the shared selection scope. */
    public enum SharedSelections implements Choice {
        /** One visitor must not change what everyone sees: selection methods are refused. */
        REFUSE,
        /** Visitors select together. */
        ALLOW
    }

    /** Copies the list so the record stays immutable. */
    public EngineSettings {
        allowedBookmarks = List.copyOf(allowedBookmarks);
        allowedAnalyticConnections = List.copyOf(allowedAnalyticConnections);
    }
}
