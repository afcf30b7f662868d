package io.anonkit.access;

import io.anonkit.settings.PathRule;
import java.util.Set;

/**
 * A path visitors may reach and the methods they may use on it.
 *
 * @param path    the path or path prefix
 * @param methods the methods allowed on it
 */
record AccessRule(PathRule path, Set<String> methods) {
    /** Reading only: {@code GET} and {@code HEAD}. */
    static final Set<String> READ = Set.of("GET", "HEAD");

    /** A read-only rule for exactly {@code path}. */
    static AccessRule exact(String path) {
        return new AccessRule(new PathRule(path, false), READ);
    }

    /** A read-only rule for {@code path} and everything below it. */
    static AccessRule below(String path) {
        return new AccessRule(new PathRule(path, true), READ);
    }
}
