package io.anonkit.bench;

import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.proxy.ProxyHandler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Jetty 12's own core reverse proxy ({@link ProxyHandler.Reverse}) with nothing of the kit in it: no servlet layer, no
 * sanitising, no session pool. {@code src/bench/small-get.sh} measures it beside the kit as the ceiling of any gateway
 * built on Jetty's server and HTTP client on the same machine, with the kit's server thread pool.
 *
 * <p>Usage: {@code JettyCoreProxy PORT UPSTREAM_BASE}, for example {@code JettyCoreProxy 18083
 * http://127.0.0.1:18090/hdr}; {@code /qlik/x} is forwarded to {@code UPSTREAM_BASE/x}.
 */
public final class JettyCoreProxy {
    private static final String MOUNT = "/qlik";

    private JettyCoreProxy() {}

    /** Starts the proxy and blocks until the process ends. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].matches("[0-9]{1,5}")) {
            System.err.println("usage: JettyCoreProxy PORT UPSTREAM_BASE");
            System.exit(2);
        }
        int port = Integer.parseInt(args[0]);
        String upstream = args[1];
        Server server = new Server(new QueuedThreadPool(200, 8));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(port);
        server.addConnector(connector);
        server.setHandler(new ProxyHandler.Reverse(request -> {
            String path = request.getHttpURI().getPath();
            String query = request.getHttpURI().getQuery();
            String rest = path.startsWith(MOUNT) ? path.substring(MOUNT.length()) : path;
            return HttpURI.from(upstream + rest + (query == null ? "" : "?" + query));
        }));
        server.start();
        System.out.println("jetty core proxy listening on http://127.0.0.1:" + connector.getLocalPort() + MOUNT + "/");
        server.join();
    }
}
