package io.anonkit.proxy;

import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.http.HttpServletResponse;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.nio.ByteBuffer;
import java.util.Optional;
import java.util.function.Consumer;
import org.eclipse.jetty.client.Response;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.util.Callback;

/**
 * Writes a response body that arrived whole from the upstream in one non-blocking write, without a
 * {@link jakarta.servlet.WriteListener}: on Jetty, through its output's {@code sendContent(ByteBuffer, Callback)}, the
 * way Jetty's own core proxy writes. The servlet way (a write listener, its first {@code onWritePossible}, the write)
 * costs a small proxied request about a tenth of its CPU time. Containers other than Jetty, and Jetty when a filter
 * wrapped the output, get nothing here and keep the write listener.
 *
 * <p>The container's classes are not the WAR's (a web application sees its own copy of Jetty's client and utilities),
 * so the method and the container's {@code Callback} are found on the output's own class, once per class.
 */
final class WholeBodyWriter {
    private static final String JETTY_OUTPUT = "org.eclipse.jetty.ee10.servlet.HttpOutput";
    private static final ClassValue<Optional<MethodHandle>> SEND_CONTENT = new ClassValue<>() {
        @Override
        protected Optional<MethodHandle> computeValue(Class<?> type) {
            return sendContentOf(type);
        }
    };

    private WholeBodyWriter() {}

    /**
     * Starts writing {@code body} as the whole response body, completing {@code callback} when it was written or
     * failed; {@code false}, with nothing written, when the output cannot do so (then the caller writes as before).
     */
    static boolean write(ServletOutputStream output, ByteBuffer body, Callback callback) {
        Optional<MethodHandle> sendContent = SEND_CONTENT.get(output.getClass());
        if (sendContent.isEmpty()) {
            return false;
        }
        try {
            sendContent.get().invoke(output, body, (Runnable) callback::succeeded, (Consumer<Throwable>)
                    callback::failed);
        } catch (Throwable e) {
            callback.failed(e);
        }
        return true;
    }

    /** {@code (output, body, onSuccess, onFailure)} calling Jetty's {@code sendContent}, or empty on another output. */
    private static Optional<MethodHandle> sendContentOf(Class<?> type) {
        if (!type.getName().equals(JETTY_OUTPUT)) {
            return Optional.empty();
        }
        try {
            Class<?> callbackType = Class.forName(Callback.class.getName(), false, type.getClassLoader());
            MethodHandles.Lookup lookup = MethodHandles.publicLookup();
            MethodHandle from = lookup.findStatic(
                    callbackType, "from", MethodType.methodType(callbackType, Runnable.class, Consumer.class));
            MethodHandle send = lookup.findVirtual(
                    type, "sendContent", MethodType.methodType(void.class, ByteBuffer.class, callbackType));
            // send(output, body, from(onSuccess, onFailure))
            MethodHandle composed = MethodHandles.collectArguments(send, 2, from);
            return Optional.of(composed.asType(
                    MethodType.methodType(void.class, Object.class, ByteBuffer.class, Runnable.class, Consumer.class)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * Writes the chunk of {@code upstream}'s body in one non-blocking write when it is the whole body (its
     * {@code Content-Length}) and the container allows it; true when the chunk is taken care of (written, or failed
     * and the exchange aborted), false when it should stream as usual. A later chunk cannot hold the whole
     * {@code Content-Length}: then the body would be longer than declared.
     */
    static boolean writeIfWhole(
            HttpServletResponse response, Response upstream, byte[] buffer, int offset, int length, Callback callback) {
        if (length == 0 || upstream.getHeaders().getLongField(HttpHeader.CONTENT_LENGTH) != length) {
            return false;
        }
        try {
            return write(response.getOutputStream(), ByteBuffer.wrap(buffer, offset, length), callback);
        } catch (java.io.IOException | RuntimeException e) {
            callback.failed(e);
            upstream.abort(e);
            return true;
        }
    }
}
