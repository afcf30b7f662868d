package io.anonkit.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * A request whose stripped headers are invisible through every header accessor: {@code getHeader},
 * {@code getHeaders}, {@code getHeaderNames}, {@code getIntHeader} and {@code getDateHeader}.
 */
final class SanitisedRequest extends HttpServletRequestWrapper {
    private final IdentityPolicy policy;

    SanitisedRequest(HttpServletRequest request, IdentityPolicy policy) {
        super(request);
        this.policy = policy;
    }

    private boolean hidden(String name) {
        return name == null || policy.classify(name).stripped();
    }

    @Override
    public String getHeader(String name) {
        return hidden(name) ? null : super.getHeader(name);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        return hidden(name) ? Collections.emptyEnumeration() : super.getHeaders(name);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        List<String> names = new ArrayList<>();
        for (Enumeration<String> all = super.getHeaderNames(); all.hasMoreElements(); ) {
            String name = all.nextElement();
            if (!hidden(name)) {
                names.add(name);
            }
        }
        return Collections.enumeration(names);
    }

    @Override
    public int getIntHeader(String name) {
        return hidden(name) ? -1 : super.getIntHeader(name);
    }

    @Override
    public long getDateHeader(String name) {
        return hidden(name) ? -1L : super.getDateHeader(name);
    }
}
