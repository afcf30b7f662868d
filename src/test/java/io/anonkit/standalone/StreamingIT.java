package io.anonkit.standalone;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 1 GiB each way through the packaged kit running with a 64 MiB heap: the proxy must stream, never buffer a body. The
 * throughput of each transfer, through the kit and direct, is printed for the record; it is not asserted.
 */
class StreamingIT {
    private static final long GIB = 1L << 30;
    private final HttpClient client = HttpClient.newHttpClient();

    @Test
    void oneGibibyteStreamsBothWaysThroughA64MibHeap(@TempDir Path home) throws Exception {
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.start(
                        home,
                        Map.of(
                                "ANONKIT_ACCESS_PROFILE",
                                "open",
                                "ANONKIT_UPSTREAM",
                                qlik.virtualProxy().toString()),
                        "-Xmx64m")) {
            URI direct = URI.create(qlik.virtualProxy() + "/");
            URI proxied = kit.baseUri().resolve("qlik/");
            assertEquals(GIB, download(proxied), "download through the kit");
            assertEquals(GIB, upload(proxied), "upload through the kit");
            long directDown = timed(() -> download(direct));
            long proxiedDown = timed(() -> download(proxied));
            long directUp = timed(() -> upload(direct));
            long proxiedUp = timed(() -> upload(proxied));
            System.out.printf(
                    "streaming 1 GiB: download direct %d MiB/s, through the kit %d MiB/s (%.2fx); "
                            + "upload direct %d MiB/s, through the kit %d MiB/s (%.2fx)%n",
                    rate(directDown),
                    rate(proxiedDown),
                    (double) directDown / proxiedDown,
                    rate(directUp),
                    rate(proxiedUp),
                    (double) directUp / proxiedUp);
            assertEquals(
                    200,
                    client.send(
                                    HttpRequest.newBuilder(kit.baseUri().resolve("health"))
                                            .build(),
                                    HttpResponse.BodyHandlers.discarding())
                            .statusCode(),
                    "the kit is still healthy: " + kit.output());
        }
    }

    private interface Transfer {
        long run() throws Exception;
    }

    private static long timed(Transfer transfer) throws Exception {
        long start = System.nanoTime();
        assertEquals(GIB, transfer.run());
        return System.nanoTime() - start;
    }

    private static long rate(long nanos) {
        return (GIB >> 20) * 1_000_000_000L / nanos;
    }

    private long download(URI base) throws Exception {
        HttpResponse<InputStream> response = client.send(
                HttpRequest.newBuilder(base.resolve("download?bytes=" + GIB)).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        try (InputStream in = response.body()) {
            return in.transferTo(OutputStream.nullOutputStream());
        }
    }

    private long upload(URI base) throws Exception {
        HttpResponse<String> response = client.send(
                HttpRequest.newBuilder(base.resolve("upload"))
                        .POST(HttpRequest.BodyPublishers.ofInputStream(ZeroStream::new))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return Long.parseLong(response.body());
    }

    /** 1 GiB of zeros, produced on the fly. */
    private static final class ZeroStream extends InputStream {
        private long left = GIB;

        @Override
        public int read() {
            return left-- > 0 ? 0 : -1;
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            if (left <= 0) {
                return -1;
            }
            int n = (int) Math.min(length, left);
            Arrays.fill(buffer, offset, offset + n, (byte) 0);
            left -= n;
            return n;
        }
    }
}
