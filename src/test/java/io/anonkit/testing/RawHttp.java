package io.anonkit.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Raw HTTP/1.1 exchanges for tests: request bytes exactly as written, and one response read as text, framed by its
 * headers rather than by the connection's close (a server may keep a connection open although the request said
 * {@code Connection: close, ...}; Undertow does when the header lists more than one token).
 */
public final class RawHttp {
    private static final Pattern LENGTH = Pattern.compile("(?im)^content-length:\\s*(\\d+)\\s*$");

    private RawHttp() {}

    /** Sends {@code request} to {@code host:port} and answers the one response. */
    public static String exchange(String host, int port, String request) throws IOException {
        try (java.net.Socket socket = new java.net.Socket(host, port)) {
            socket.setSoTimeout(30_000);
            java.io.OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return read(socket.getInputStream());
        }
    }

    /** Reads one response from {@code in}. */
    public static String read(InputStream in) throws IOException {
        ByteArrayOutputStream received = new ByteArrayOutputStream();
        try {
            int headEnd = -1;
            while (headEnd < 0) {
                if (!readSome(in, received)) {
                    return text(received);
                }
                headEnd = text(received).indexOf("\r\n\r\n");
            }
            String head = text(received).substring(0, headEnd).toLowerCase(Locale.ROOT);
            Matcher length = LENGTH.matcher(head);
            if (length.find()) {
                int total = headEnd + 4 + Integer.parseInt(length.group(1));
                while (received.size() < total && readSome(in, received)) {
                    // reading the declared body
                }
            } else if (head.contains("transfer-encoding: chunked")) {
                while (!text(received).endsWith("\r\n0\r\n\r\n") && readSome(in, received)) {
                    // reading up to the last chunk
                }
            } else {
                while (readSome(in, received)) {
                    // a body that ends with the connection
                }
            }
            return text(received);
        } catch (SocketTimeoutException e) {
            throw new AssertionError("the response did not complete; received: " + text(received), e);
        }
    }

    private static boolean readSome(InputStream in, ByteArrayOutputStream into) throws IOException {
        byte[] buffer = new byte[8192];
        int read = in.read(buffer);
        if (read < 0) {
            return false;
        }
        into.write(buffer, 0, read);
        return true;
    }

    private static String text(ByteArrayOutputStream bytes) {
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }
}
