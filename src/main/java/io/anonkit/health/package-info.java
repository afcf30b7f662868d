/**
 * The liveness endpoint, {@code /health}, with upstream reachability as a field.
 */
package io.anonkit.health;
