/**
 * The kit's home folder ({@code ANONKIT_HOME}) and crash-safe writes of the files in it; used by the kit and by the
 * standalone launcher alike, so it depends on the JDK only.
 */
package io.anonkit.home;
