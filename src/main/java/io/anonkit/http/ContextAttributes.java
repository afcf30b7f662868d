package io.anonkit.http;

import jakarta.servlet.ServletContext;
import java.util.function.Supplier;

/** Application-wide objects kept as servlet context attributes, created once on first use. */
public final class ContextAttributes {
    private static final Object LOCK = new Object();

    private ContextAttributes() {}

    /**
     * The {@code type} under {@code name} in {@code context}; when there is none yet, the one {@code create} makes,
     * which is kept there. Callers at the same moment get the same object.
     */
    public static <T> T getOrCreate(ServletContext context, String name, Class<T> type, Supplier<T> create) {
        synchronized (LOCK) {
            Object existing = context.getAttribute(name);
            if (type.isInstance(existing)) {
                return type.cast(existing);
            }
            T created = create.get();
            context.setAttribute(name, created);
            return created;
        }
    }
}
