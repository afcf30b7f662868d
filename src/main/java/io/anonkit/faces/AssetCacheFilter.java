package io.anonkit.faces;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Marks the versioned bundled assets below {@value LoaderAsset#PREFIX} as cacheable for a year and immutable. Declared
 * in this jar's {@code web-fragment.xml}, so any application using the jar gets it.
 */
public class AssetCacheFilter extends HttpFilter {
    /** The {@code Cache-Control} value of versioned assets. */
    public static final String CACHE_CONTROL = "public, max-age=31536000, immutable";

    @Override
    protected void doFilter(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        response.setHeader("Cache-Control", CACHE_CONTROL);
        response.setHeader("X-Content-Type-Options", "nosniff");
        chain.doFilter(request, response);
    }
}
