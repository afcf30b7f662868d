package io.anonkit.standalone;

import jakarta.servlet.http.HttpServletRequest;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Index;
import org.eclipse.jetty.util.URIUtil;

/**
 * The kit's web application context, with Jetty's protected-target check ({@code /WEB-INF}, {@code /META-INF}: 404)
 * asked as Jetty 12.0 asks it, minus one cost: Jetty first asks its target index whether it is empty, and that index
 * answers by copying all its keys into a new set, on every request (a few percent of a small proxied request's CPU
 * time). The rules are Jetty's: each target matches exactly and as a prefix before {@code /}, {@code ?}, {@code #} or
 * {@code ;}, in any letter case, and a path starting {@code //} is compacted first.
 *
 * <p>Requests to the proxy mount ({@value #PROXY_MOUNT}) skip the request listeners: those are Faces' and CDI's
 * (the kit registers none), which serve the pages and the admin, and on every proxied request set and clear their
 * thread state for nothing (CDI's request context is already kept to the pages by {@code org.jboss.weld.context.mapping}
 * in {@code web.xml}; its listener still ran).
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

    /** The servlet path of the gateway's mount, {@code /qlik/*} in {@code web.xml}. */
    static final String PROXY_MOUNT = "/qlik";

    @Override
    protected void requestInitialized(Request baseRequest, HttpServletRequest request) {
        if (!PROXY_MOUNT.equals(request.getServletPath())) {
            super.requestInitialized(baseRequest, request);
        }
    }

    @Override
    protected void requestDestroyed(Request baseRequest, HttpServletRequest request) {
        if (!PROXY_MOUNT.equals(request.getServletPath())) {
            super.requestDestroyed(baseRequest, request);
        }
    }
}
