package io.anonkit.tunnel;

import jakarta.servlet.ServletContext;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * Undoes what the container decorated for one connection. Jetty's CDI integration decorates every WebSocket endpoint
 * and every configurator it is handed ({@code JakartaWebSocketFrameHandlerFactory} and
 * {@code JakartaWebSocketServerContainer.upgradeHttpToWebSocket}) and keeps each in its decorator's map, with a CDI
 * creational context, until it is destroyed, which Jetty's WebSocket code never does: without this, every tunnel would
 * leave its endpoint and about 300 bytes of CDI bookkeeping behind for the life of the application. The factory is the
 * container's own {@code org.eclipse.jetty.util.DecoratedObjectFactory} (a servlet context attribute), called by
 * reflection because the web application sees its own copy of Jetty's classes. Other containers publish no such
 * factory, and this does nothing there.
 */
public final class ContainerDecorations {
    /** The servlet context attribute under which Jetty publishes the web application's object factory. */
    static final String JETTY_FACTORY = "org.eclipse.jetty.util.DecoratedObjectFactory";

    private static final System.Logger LOG = System.getLogger(ContainerDecorations.class.getName());
    private static final ContainerDecorations NONE = new ContainerDecorations(null, null);

    private final Object factory;
    private final Method destroy;

    private ContainerDecorations(Object factory, Method destroy) {
        this.factory = factory;
        this.destroy = destroy;
    }

    /** No decorations: for a container that decorates nothing. */
    static ContainerDecorations none() {
        return NONE;
    }

    /** The decorations of {@code context}'s container, or none where it publishes no object factory. */
    public static ContainerDecorations of(ServletContext context) {
        Object factory = context.getAttribute(JETTY_FACTORY);
        if (factory == null) {
            return NONE;
        }
        try {
            return new ContainerDecorations(factory, factory.getClass().getMethod("destroy", Object.class));
        } catch (NoSuchMethodException | SecurityException e) {
            LOG.log(System.Logger.Level.WARNING, "the container's object factory has no destroy(Object): " + e);
            return NONE;
        }
    }

    /** Ends the container's decoration of {@code object}; nothing where there is none. */
    public void destroy(Object object) {
        if (destroy == null) {
            return;
        }
        try {
            destroy.invoke(factory, object);
        } catch (IllegalAccessException | InvocationTargetException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, "could not end the container's decoration of a WebSocket object", e);
        }
    }
}
