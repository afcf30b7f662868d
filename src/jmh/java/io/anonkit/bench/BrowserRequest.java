package io.anonkit.bench;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.lang.reflect.Proxy;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import java.util.NoSuchElementException;

/**
 * A request with a fixed header set, as a servlet container presents it, that allocates nothing when its headers are
 * read: the benchmark then measures only what the filter itself allocates. Not thread-safe; one per benchmark thread.
 */
final class BrowserRequest extends HttpServletRequestWrapper {
    private final String[][] headers;
    private final Cursor names = new Cursor();
    private final Cursor values = new Cursor();

    /** {@code headers} as name, value pairs in arrival order; a name appears once. */
    BrowserRequest(List<String[]> headers) {
        super((HttpServletRequest) Proxy.newProxyInstance(
                BrowserRequest.class.getClassLoader(),
                new Class<?>[] {HttpServletRequest.class},
                (proxy, method, args) -> {
                    throw new UnsupportedOperationException(method.getName());
                }));
        this.headers = headers.toArray(new String[0][]);
    }

    @Override
    public Enumeration<String> getHeaderNames() {
        return names.over(0, headers.length, 0);
    }

    @Override
    public Enumeration<String> getHeaders(String name) {
        int index = indexOf(name);
        return index < 0 ? values.over(0, 0, 1) : values.over(index, index + 1, 1);
    }

    @Override
    public String getHeader(String name) {
        int index = indexOf(name);
        return index < 0 ? null : headers[index][1];
    }

    @Override
    public String getRemoteAddr() {
        return "192.0.2.10";
    }

    /** Like a container's field map: the name just enumerated is found at once, any other by a scan. */
    private int indexOf(String name) {
        int last = names.next - 1;
        if (last >= 0 && last < headers.length && headers[last][0] == name) {
            return last;
        }
        for (int i = 0; i < headers.length; i++) {
            if (headers[i][0].equalsIgnoreCase(name)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String toString() {
        return "BrowserRequest"
                + List.of(headers).stream()
                        .map(h -> h[0].toLowerCase(Locale.ROOT))
                        .toList();
    }

    /** A reusable enumeration over one column of {@link #headers}. */
    private final class Cursor implements Enumeration<String> {
        private int next;
        private int end;
        private int column;

        Cursor over(int from, int to, int which) {
            next = from;
            end = to;
            column = which;
            return this;
        }

        @Override
        public boolean hasMoreElements() {
            return next < end;
        }

        @Override
        public String nextElement() {
            if (next >= end) {
                throw new NoSuchElementException();
            }
            return headers[next++][column];
        }
    }
}
