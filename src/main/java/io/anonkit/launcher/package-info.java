/**
 * The executable WAR's entry point: it starts the embedded server from the jars in {@code META-INF/launcher}, which
 * a host container never sees.
 */
package io.anonkit.launcher;
