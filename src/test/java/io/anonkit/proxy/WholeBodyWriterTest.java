package io.anonkit.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

/** The one-write path for a whole body: taken on Jetty's output, declined elsewhere with nothing written. */
class WholeBodyWriterTest {
    @Test
    void jettysOutputSendsTheWholeBodyWithoutAWriteListener() throws Exception {
        CompletableFuture<Boolean> taken = new CompletableFuture<>();
        CompletableFuture<Void> written = new CompletableFuture<>();
        Server server = new Server();
        ServerConnector connector = new ServerConnector(server);
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        ServletHolder holder = new ServletHolder(new HttpServlet() {
            @Override
            protected void doGet(HttpServletRequest request, HttpServletResponse response) throws java.io.IOException {
                AsyncContext async = request.startAsync();
                byte[] body = "whole body".getBytes(StandardCharsets.US_ASCII);
                response.setContentLength(body.length);
                response.setContentType("text/plain");
                // As the proxy does: from another thread than the request's, once the upstream answered.
                CompletableFuture.runAsync(() -> {
                    try {
                        taken.complete(WholeBodyWriter.write(
                                async.getResponse().getOutputStream(),
                                ByteBuffer.wrap(body),
                                Callback.from(
                                        () -> {
                                            written.complete(null);
                                            async.complete();
                                        },
                                        written::completeExceptionally)));
                    } catch (java.io.IOException e) {
                        taken.completeExceptionally(e);
                    }
                });
            }
        });
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/*");
        server.setHandler(context);
        server.start();
        try {
            HttpResponse<String> answer = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + connector.getLocalPort() + "/x"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertTrue(taken.get(10, TimeUnit.SECONDS), "Jetty's output takes the one-write path");
            written.get(10, TimeUnit.SECONDS);
            assertEquals(200, answer.statusCode());
            assertEquals("whole body", answer.body());
            assertEquals("10", answer.headers().firstValue("Content-Length").orElseThrow());
        } finally {
            server.stop();
        }
    }

    @Test
    void anotherContainersOutputIsDeclinedUntouched() {
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        ServletOutputStream other = new ServletOutputStream() {
            @Override
            public boolean isReady() {
                return true;
            }

            @Override
            public void setWriteListener(WriteListener listener) {}

            @Override
            public void write(int b) {
                sink.write(b);
            }
        };
        AtomicBoolean completed = new AtomicBoolean();
        boolean taken = WholeBodyWriter.write(
                other,
                ByteBuffer.wrap(new byte[] {1, 2}),
                Callback.from(() -> completed.set(true), failure -> completed.set(true)));
        assertFalse(taken);
        assertFalse(completed.get(), "the callback stays the caller's");
        assertEquals(0, sink.size());
    }
}
