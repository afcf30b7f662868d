/**
 * The kit's settings: one immutable, validated {@link io.anonkit.settings.Settings} record, where its initial values come
 * from, how it is persisted, and the store that publishes snapshots to the rest of the kit.
 */
package io.anonkit.settings;
