package io.anonkit.bench;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Enumeration;
import java.util.List;
import java.util.Locale;
import org.eclipse.jetty.ee10.servlet.FilterHolder;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.mitre.dsmiley.httpproxy.ProxyServlet;

/**
 * What a Java team would otherwise assemble: MITRE's HTTP-Proxy-Servlet 2.0 on Jetty 12 ee10 behind a header filter
 * doing the kit's basic job (drop every client copy of the identity header by its letters-and-digits skeleton, and
 * {@code X-Qlik-User}; inject one {@code hdr-usr}), on the kit's server thread pool. {@code src/bench/small-get.sh}
 * measures it beside the kit. It has none of the kit's other work (access policy, limits, session pool, rewriting).
 *
 * <p>Usage: {@code MitreProxy PORT UPSTREAM_BASE}; {@code /qlik/x} is forwarded to {@code UPSTREAM_BASE/x}.
 */
public final class MitreProxy {
    private MitreProxy() {}

    /** Starts the proxy and blocks until the process ends. */
    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !args[0].matches("[0-9]{1,5}")) {
            System.err.println("usage: MitreProxy PORT UPSTREAM_BASE");
            System.exit(2);
        }
        Server server = new Server(new QueuedThreadPool(200, 8));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost("127.0.0.1");
        connector.setPort(Integer.parseInt(args[0]));
        server.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler("/");
        context.addFilter(
                new FilterHolder(new IdentityFilter()), "/qlik/*", EnumSet.of(jakarta.servlet.DispatcherType.REQUEST));
        ServletHolder proxy = new ServletHolder(new ProxyServlet());
        proxy.setInitParameter(ProxyServlet.P_TARGET_URI, args[1]);
        proxy.setInitParameter(ProxyServlet.P_LOG, "false");
        context.addServlet(proxy, "/qlik/*");
        server.setHandler(context);
        server.start();
        System.out.println("mitre proxy listening on http://127.0.0.1:" + connector.getLocalPort() + "/qlik/");
        server.join();
    }

    /** Drops the client's identity headers and injects the one shared identity. */
    static final class IdentityFilter implements Filter {
        private static final String HEADER = "hdr-usr";

        @Override
        public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
                throws IOException, ServletException {
            chain.doFilter(
                    new HttpServletRequestWrapper((HttpServletRequest) request) {
                        private boolean identity(String name) {
                            String skeleton = name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
                            return skeleton.equals("hdrusr") || skeleton.equals("xqlikuser");
                        }

                        @Override
                        public String getHeader(String name) {
                            return identity(name)
                                    ? (name.equalsIgnoreCase(HEADER) ? "anonymous" : null)
                                    : super.getHeader(name);
                        }

                        @Override
                        public Enumeration<String> getHeaders(String name) {
                            if (identity(name)) {
                                return Collections.enumeration(
                                        name.equalsIgnoreCase(HEADER) ? List.of("anonymous") : List.of());
                            }
                            return super.getHeaders(name);
                        }

                        @Override
                        public Enumeration<String> getHeaderNames() {
                            List<String> names = new ArrayList<>();
                            for (String name : Collections.list(super.getHeaderNames())) {
                                if (!identity(name)) {
                                    names.add(name);
                                }
                            }
                            names.add(HEADER);
                            return Collections.enumeration(names);
                        }
                    },
                    response);
        }
    }
}
