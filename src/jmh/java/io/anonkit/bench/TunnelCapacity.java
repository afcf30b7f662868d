package io.anonkit.bench;

import io.anonkit.testing.KitProcess;
import io.anonkit.testing.QlikStandIn;
import io.anonkit.testing.WebSocketProbe;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.websocket.core.WebSocketComponents;
import org.eclipse.jetty.websocket.core.client.WebSocketCoreClient;

/**
 * How many engine tunnels one node holds: the packaged kit with the engine firewall on (embed profile) and the given
 * heap, in front of the stand-in; opens tunnels in steps, each opening the app through the firewall, and prints after
 * each step the open tunnels, the kit's heap after a full GC and per tunnel, its resident memory and whether every
 * tunnel still answers. Stops at the target or at the first failure.
 *
 * <p>Usage: {@code TunnelCapacity TARGET STEP HEAP}, for example {@code TunnelCapacity 10000 2000 512m}.
 */
public final class TunnelCapacity {
    private TunnelCapacity() {}

    private static final String OPEN_DOC =
            "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"a1\"]}";
    private static final String APP_LAYOUT =
            "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"GetAppLayout\",\"handle\":1,\"params\":[]}";

    /** Runs the measurement and prints one line per step. */
    public static void main(String[] args) throws Exception {
        int target = Integer.parseInt(args[0]);
        int step = Integer.parseInt(args[1]);
        String heap = args[2];
        Path home = Files.createTempDirectory("tunnel-capacity");
        HttpClient http = new HttpClient();
        http.setMaxConnectionsPerDestination(4 * target);
        WebSocketCoreClient client = new WebSocketCoreClient(http, new WebSocketComponents());
        client.start();
        List<WebSocketProbe> open = new ArrayList<>();
        try (QlikStandIn qlik = QlikStandIn.start();
                KitProcess kit = KitProcess.start(home, settings(qlik, target), "-Xmx" + heap, "-Xms" + heap)) {
            URI through = URI.create("ws://" + kit.baseUri().getAuthority() + "/qlik/app/a1");
            long idle = io.anonkit.testing.JvmHeap.usedAfterGc(kit.pid());
            System.out.printf(
                    "tunnel capacity: kit -Xmx%s, engine firewall on; heap after GC with no tunnel %,d KB%n",
                    heap, idle / 1024);
            while (open.size() < target) {
                int count = Math.min(step, target - open.size());
                List<WebSocketProbe> opened;
                try {
                    opened = openAndOpenDoc(client, through, count);
                } catch (Exception e) {
                    Throwable cause = e;
                    StringBuilder causes = new StringBuilder();
                    while (cause != null) {
                        causes.append(" <- ").append(cause);
                        cause = cause.getCause();
                    }
                    System.out.printf(
                            "tunnel capacity: opening failed after %d tunnels%s (kit alive: %s)%n",
                            open.size(), causes, kit.isAlive());
                    break;
                }
                open.addAll(opened);
                long used = io.anonkit.testing.JvmHeap.usedAfterGc(kit.pid());
                int answering = answering(open);
                System.out.printf(
                        "tunnel capacity: %,d tunnels open, %,d answer a layout request; kit heap after GC %,d KB"
                                + " (%,d bytes per tunnel), resident %,d MB, alive %s%n",
                        open.size(),
                        answering,
                        used / 1024,
                        (used - idle) / open.size(),
                        resident(kit.pid()) / 1024,
                        kit.isAlive());
                if (answering < open.size() || !kit.isAlive()) {
                    break;
                }
            }
        } finally {
            open.forEach(WebSocketProbe::close);
            client.stop();
        }
    }

    private static Map<String, String> settings(QlikStandIn qlik, int target) {
        Map<String, String> environment = new HashMap<>();
        environment.put("ANONKIT_UPSTREAM", qlik.virtualProxy().toString());
        environment.put("ANONKIT_ALLOWED_APPS", "a1");
        environment.put("ANONKIT_MAX_TUNNELS", String.valueOf(target));
        // One client opens every tunnel: its limits are lifted.
        environment.put("ANONKIT_TUNNELS_PER_CLIENT", "1000000");
        environment.put("ANONKIT_TUNNELS_PER_MINUTE", "1000000");
        environment.put("ANONKIT_REQUESTS_PER_SECOND", "1000000");
        environment.put("ANONKIT_REQUEST_BURST", "1000000");
        environment.put("ANONKIT_ACCESS_LOG", "off");
        return environment;
    }

    private static List<WebSocketProbe> openAndOpenDoc(WebSocketCoreClient client, URI uri, int count)
            throws Exception {
        List<WebSocketProbe> opened = WebSocketProbe.connectAll(client, uri, count, Duration.ofMinutes(5));
        for (WebSocketProbe probe : opened) {
            probe.send(OPEN_DOC);
        }
        for (WebSocketProbe probe : opened) {
            WebSocketProbe.Message answer = probe.next(Duration.ofSeconds(60));
            if (answer == null || !answer.text().contains("\"qType\":\"Doc\"")) {
                throw new IllegalStateException("the app did not open: " + answer);
            }
        }
        return opened;
    }

    /** Tunnels that answer a layout request through the firewall within a minute. */
    private static int answering(List<WebSocketProbe> open) throws Exception {
        for (WebSocketProbe probe : open) {
            probe.send(APP_LAYOUT);
        }
        int answered = 0;
        for (WebSocketProbe probe : open) {
            WebSocketProbe.Message answer = probe.next(Duration.ofSeconds(60));
            if (answer != null && answer.text().startsWith("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\"")) {
                answered++;
            }
        }
        return answered;
    }

    /** Resident memory of {@code pid}, in KB. */
    private static long resident(long pid) throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith("VmRSS:")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        return -1;
    }
}
