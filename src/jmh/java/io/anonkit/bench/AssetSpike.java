package io.anonkit.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A spike of page views against a gateway, each view from one of many client addresses (127.0.x.y): a view opens one
 * connection from its address and asks for every asset in turn, as a page that loads the qlik-embed runtime does.
 * Prints the views, the asset requests and their latency percentiles; failures are counted, never retried.
 *
 * <p>Usage: {@code AssetSpike BASE_URL VIEWS ADDRESSES CONCURRENCY PATH...}, for example {@code AssetSpike
 * http://127.0.0.1:18080/qlik 2000 500 64 /resources/embed/index.js /resources/embed/oauth-callback.js}.
 */
public final class AssetSpike {
    private AssetSpike() {}

    /** Runs the spike and prints one line of figures. */
    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AssetSpike BASE_URL VIEWS ADDRESSES CONCURRENCY PATH...");
            System.exit(2);
        }
        java.net.URI base = java.net.URI.create(args[0]);
        int views = Integer.parseInt(args[1]);
        int addresses = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        List<String> paths = Arrays.asList(args).subList(4, args.length);
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        List<Future<long[]>> results = new ArrayList<>();
        long started = System.nanoTime();
        for (int view = 0; view < views; view++) {
            int address = view % addresses;
            results.add(pool.submit(() -> view(base, address, paths)));
        }
        List<Long> latencies = new ArrayList<>();
        int failed = 0;
        for (Future<long[]> result : results) {
            for (long latency : result.get()) {
                if (latency < 0) {
                    failed++;
                } else {
                    latencies.add(latency);
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        System.out.printf(
                java.util.Locale.ROOT,
                "views=%d asset_requests=%d failed=%d seconds=%.2f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                views,
                sorted.length + failed,
                failed,
                seconds,
                percentile(sorted, 0.50),
                percentile(sorted, 0.99),
                sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    }

    private static double percentile(long[] sorted, double p) {
        return sorted.length == 0
                ? 0
                : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
    }

    /** One page view from 127.0.{address / 250}.{address % 250 + 1}: every asset on one keep-alive connection. */
    private static long[] view(java.net.URI base, int address, List<String> paths) {
        long[] latencies = new long[paths.size()];
        Arrays.fill(latencies, -1);
        InetAddress local;
        try {
            local = InetAddress.getByName("127.0." + (address / 250) + "." + (address % 250 + 1));
        } catch (IOException e) {
            return latencies;
        }
        try (Socket socket = new Socket()) {
            socket.bind(new InetSocketAddress(local, 0));
            socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 10_000);
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < paths.size(); i++) {
                long sent = System.nanoTime();
                out.write(("GET " + base.getRawPath() + paths.get(i) + " HTTP/1.1\r\nHost: " + base.getAuthority()
                                + "\r\nAccept-Encoding: gzip, deflate, br\r\nUser-Agent: asset-spike\r\n\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (readResponse(in) == 200) {
                    latencies[i] = System.nanoTime() - sent;
                }
            }
        } catch (IOException e) {
            // counted as failed: the latencies left at -1
        }
        return latencies;
    }

    /** Reads one response (Content-Length or chunked body) and returns its status. */
    private static int readResponse(InputStream in) throws IOException {
        String status = line(in);
        int code = Integer.parseInt(status.split(" ")[1]);
        long length = -1;
        boolean chunked = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase(java.util.Locale.ROOT);
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            }
        }
        if (chunked) {
            for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16);
                    size > 0;
                    size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
                skip(in, size);
                line(in);
            }
            line(in);
        } else if (length > 0) {
            skip(in, length);
        }
        return code;
    }

    private static void skip(InputStream in, long bytes) throws IOException {
        long left = bytes;
        while (left > 0) {
            long skipped = in.skip(left);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("closed in a body");
                }
                skipped = 1;
            }
            left -= skipped;
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("closed");
            }
            if (c != '\r') {
                line.write(c);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
