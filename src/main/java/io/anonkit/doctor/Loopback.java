package io.anonkit.doctor;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Sends a WebSocket opening handshake to the kit's own connector, as a browser on the public origin would, and reads
 * the status line of the answer. Only the kit's own listening address is contacted, so its certificate (if any) is not
 * checked: the handshake is about what Qlik answers behind the kit.
 */
final class Loopback {
    private Loopback() {}

    /**
     * The HTTP status the kit answers to a WebSocket handshake for {@code path}.
     *
     * @param base   the kit's own scheme, address and port, such as {@code http://127.0.0.1:8080}
     * @param path   the path and query
     * @param host   the {@code Host} header
     * @param origin the {@code Origin} header
     */
    static int webSocketHandshake(URI base, String path, String host, String origin, Duration timeout)
            throws IOException {
        byte[] key = new byte[16];
        new SecureRandom().nextBytes(key);
        String request = "GET " + path + " HTTP/1.1\r\nHost: " + host
                + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + Base64.getEncoder().encodeToString(key) + "\r\nSec-WebSocket-Version: 13\r\n"
                + "Origin: " + origin + "\r\n\r\n";
        try (Socket socket = open(base, timeout)) {
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            String status = statusLine(socket.getInputStream());
            String[] parts = status.split(" ");
            if (parts.length < 2 || !parts[1].matches("\\d{3}")) {
                throw new IOException("not an HTTP answer: " + io.anonkit.log.SafeText.quote(status));
            }
            return Integer.parseInt(parts[1]);
        }
    }

    private static Socket open(URI base, Duration timeout) throws IOException {
        int port = base.getPort();
        Socket plain = new Socket();
        plain.connect(new InetSocketAddress(base.getHost().replace("[", "").replace("]", ""), port), (int)
                timeout.toMillis());
        if (!"https".equals(base.getScheme())) {
            return plain;
        }
        try {
            SSLContext tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {new OwnConnector()}, null);
            SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(plain, base.getHost(), port, true);
            socket.startHandshake();
            return socket;
        } catch (java.security.GeneralSecurityException e) {
            plain.close();
            throw new IOException("cannot open TLS to the kit's own connector: " + e.getMessage(), e);
        }
    }

    private static String statusLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        for (int c; (c = in.read()) >= 0 && c != '\n' && line.length() < 200; ) {
            if (c != '\r') {
                line.append((char) c);
            }
        }
        return line.toString();
    }

    /** Trusts the kit's own connector, reached on its own address. */
    private static final class OwnConnector implements X509TrustManager {
        @Override
        public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            throw new UnsupportedOperationException("client side only");
        }

        @Override
        public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
            // The kit's own listening address, not a remote party.
        }

        @Override
        public java.security.cert.X509Certificate[] getAcceptedIssuers() {
            return new java.security.cert.X509Certificate[0];
        }
    }
}
