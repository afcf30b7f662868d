package io.anonkit.testing;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Jetty 12 distribution ({@code jetty-home} from Maven Central, unpacked by the build at the system property
 * {@code jetty.home.dir}) started with its own {@code start.jar} on a test's base, on a free HTTP port.
 */
public final class JettyHome {
    private static final Pattern STARTED = Pattern.compile("Started oejs\\.Server@");
    private static final Pattern CONNECTOR =
            Pattern.compile("\\{HTTP/1\\.1, \\(http/1\\.1\\)\\}\\{127\\.0\\.0\\.1:(\\d+)\\}");

    private JettyHome() {}

    /** A started server and the port its HTTP connector bound. */
    public record Started(ServerProcess server, int port) {}

    /** Starts Jetty on {@code base} with {@code environment} (a 256 MiB heap) and waits until it serves. */
    public static Started start(Path base, Map<String, String> environment) throws Exception {
        Path home = Path.of(System.getProperty("jetty.home.dir"));
        ServerProcess jetty = ServerProcess.start(
                List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-jar",
                        home.resolve("start.jar").toString(),
                        "jetty.home=" + home,
                        "jetty.base=" + base,
                        "jetty.http.port=0"),
                base,
                environment,
                STARTED,
                120);
        Matcher port = CONNECTOR.matcher(jetty.output());
        if (!port.find()) {
            jetty.close();
            throw new AssertionError("no HTTP connector in Jetty's output:\n" + jetty.output());
        }
        return new Started(jetty, Integer.parseInt(port.group(1)));
    }
}
