package io.anonkit.standalone;

import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.util.Index;
import org.eclipse.jetty.util.URIUtil;

/**
 * The kit's web application context, with Jetty's protected-target check ({@code /WEB-INF}, {@code /META-INF}: 404)
 * asked as Jetty 12.0 asks it, minus one cost: Jetty first asks its target index whether it is empty, and that index
 * answers by copying all its keys into a new set, on every request (a few percent of a small proxied request's CPU
 * time). The rules are Jetty's: each target matches exactly and as a prefix before {@code /}, {@code ?}, {@code #} or
 * {@code ;}, in any letter case, and a path starting {@code //} is compacted first.
 */
final class KitWebAppContext extends WebAppContext {
    private enum Match {
        EXACT,
        PREFIX
    }

    /** Set by {@link #setProtectedTargets}, which Jetty's constructor calls: no initialiser may overwrite it. */
    private Index<Match> protectedTargets;

    @Override
    public void setProtectedTargets(String[] targets) {
        super.setProtectedTargets(targets);
        Index.Builder<Match> builder = new Index.Builder<>();
        if (targets != null) {
            for (String target : targets) {
                builder.with(target, Match.EXACT);
                for (String end : new String[] {"/", "?", "#", ";"}) {
                    builder.with(target + end, Match.PREFIX);
                }
            }
        }
        protectedTargets = builder.caseSensitive(false).build();
    }

    @Override
    public boolean isProtectedTarget(String target) {
        Index<Match> targets = protectedTargets;
        if (targets == null) {
            return super.isProtectedTarget(target);
        }
        if (target == null) {
            return false;
        }
        String path = target.startsWith("//") ? URIUtil.compactPath(target) : target;
        Match best = targets.getBest(path);
        return best == Match.PREFIX || best == Match.EXACT && targets.get(path) == Match.EXACT;
    }
}
