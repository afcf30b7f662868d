package io.anonkit.standalone;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.LogManager;
import java.util.logging.Logger;
import org.eclipse.jetty.ee10.annotations.AnnotationConfiguration;
import org.eclipse.jetty.ee10.cdi.CdiConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.EnvConfiguration;
import org.eclipse.jetty.ee10.plus.webapp.PlusConfiguration;
import org.eclipse.jetty.ee10.webapp.WebAppContext;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.ClassMatcher;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * Runs the kit's WAR on embedded Jetty 12 (ee10) with Weld, on {@code ANONKIT_PORT}. Jetty's strict defaults are
 * kept on purpose: HTTP compliance RFC 9110, URI compliance DEFAULT (ambiguous paths such as {@code %2e%2e},
 * {@code ..;} or {@code %2f} get 400), no forwarded-header customizer, no h2c. The server version is not advertised.
 *
 * <p>The admin pages ({@code /admin/}) take HTTP Basic for the one user {@code admin} ({@link AdminCredentials}), with
 * failed logins throttled per address ({@link LoginThrottle}).
 *
 * <p>If the web application fails to start (for example because of an invalid setting), the process prints why and
 * exits with status 2.
 */
public final class StandaloneServer {
    /** Line printed once the server accepts requests; tests and scripts wait for it. */
    public static final String READY = "qlik-anon-kit listening on ";
    /** Line printed, before {@link #READY}, when a management port serves the metrics and health endpoints. */
    public static final String MANAGEMENT_READY = "qlik-anon-kit management port on ";

    private StandaloneServer() {}

    /** The {@code WEB-INF/lib} jars Jetty scans for annotations, initializers, fragments and resources. */
    static final String SCANNED_JARS = ".*/(qlik-anon-kit-faces|jakarta\\.faces-[^/]*|weld-servlet-core-[^/]*)\\.jar$";

    private static final String WELD_XML_VALIDATION = "org.jboss.weld.xml.disableValidating";

    /** Starts the server for {@code war} and blocks until it stops. */
    public static void run(Path war, String[] args) throws Exception {
        configureLogging();
        StandaloneOptions options;
        try {
            options = StandaloneOptions.read(System.getenv(), System.getProperties());
        } catch (IllegalArgumentException e) {
            System.err.println("qlik-anon-kit cannot start:" + System.lineSeparator() + e.getMessage());
            System.exit(2);
            return;
        }
        AdminPassword adminPassword;
        try {
            adminPassword =
                    AdminCredentials.resolve(System.getenv(), System.getProperties(), options.home(), System.out);
        } catch (IOException | RuntimeException e) {
            System.err.println("qlik-anon-kit cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        // The WAR's beans.xml is the kit's own: Weld need not load the schema to validate it at every start.
        if (System.getProperty(WELD_XML_VALIDATION) == null) {
            System.setProperty(WELD_XML_VALIDATION, "true");
        }
        Server server = new Server(new QueuedThreadPool(200, 8));
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.bindAddress());
        connector.setPort(options.port());
        server.addConnector(connector);

        WebAppContext webapp = new KitWebAppContext();
        webapp.setWar(war.toString());
        webapp.setContextPath(options.contextPath());
        webapp.setThrowUnavailableOnStartupException(true);
        webapp.setParentLoaderPriority(false);
        // Only the jars with something for the container to find (the Faces tags' fragment and resources, Mojarra's and
        // Weld's initializers) are scanned at start-up; the proxy client, JSON-P and the database driver are not.
        webapp.setAttribute("org.eclipse.jetty.server.webapp.WebInfIncludeJarPattern", SCANNED_JARS);
        // The WAR ships slf4j-api for host containers; here the server's copy and its Jetty logging serve both.
        webapp.addProtectedClassMatcher(new ClassMatcher("org.slf4j."));
        webapp.addConfiguration(
                new EnvConfiguration(), new PlusConfiguration(), new AnnotationConfiguration(), new CdiConfiguration());
        webapp.getSecurityHandler().setLoginService(new AdminLoginService(adminPassword));
        webapp.getSecurityHandler()
                .setAuthenticator(new ThrottledBasicAuthenticator(new LoginThrottle(Clock.systemUTC())));
        ServerConnector management = null;
        if (options.managementPort() >= 0) {
            management = new ServerConnector(server, new HttpConnectionFactory(http));
            management.setHost(options.managementBindAddress());
            management.setPort(options.managementPort());
            server.addConnector(management);
            server.setHandler(new ManagementPort(webapp, management, options.contextPath()));
        } else {
            server.setHandler(webapp);
        }
        options.accessLog().ifPresent(format -> server.setRequestLog(accessLog(server, format, options)));
        new GracefulStop(server, webapp, options.shutdownDrain()).install();
        try {
            server.start();
        } catch (Exception e) {
            System.err.println("qlik-anon-kit cannot start: " + rootMessage(e));
            server.stop();
            System.exit(2);
            return;
        }
        String context = options.contextPath().equals("/") ? "/" : options.contextPath() + "/";
        if (management != null) {
            System.out.println(MANAGEMENT_READY + "http://" + options.managementBindAddress() + ":"
                    + management.getLocalPort() + context);
        }
        System.out.println(READY + "http://" + options.bindAddress() + ":" + connector.getLocalPort() + context);
        System.out.flush();
        server.join();
    }

    /** The access log in {@code $ANONKIT_HOME/logs}, a file a day, kept {@code accessLogRetainDays}. */
    private static AccessLog accessLog(Server server, AccessLog.Format format, StandaloneOptions options) {
        java.nio.file.Path folder = options.home().resolve("logs");
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("cannot create the access log folder " + folder, e);
        }
        org.eclipse.jetty.server.AsyncRequestLogWriter writer = new org.eclipse.jetty.server.AsyncRequestLogWriter(
                folder.resolve("access-yyyy_mm_dd.log").toString());
        writer.setRetainDays(options.accessLogRetainDays());
        writer.setAppend(true);
        writer.setTimeZone("UTC");
        server.addBean(writer);
        return new AccessLog(format, writer);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            if (root.getMessage() != null && root.getMessage().startsWith("qlik-anon-kit cannot start")) {
                break;
            }
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.toString() : root.getMessage();
        return message.replaceFirst("^qlik-anon-kit cannot start: ", "");
    }

    /** One line per log record on standard error, unless the operator configured logging. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null) {
            return;
        }
        if (System.getProperty("java.util.logging.SimpleFormatter.format") == null) {
            System.setProperty("java.util.logging.SimpleFormatter.format", "%1$tFT%1$tT.%1$tL %4$s %3$s - %5$s%6$s%n");
        }
        LogManager.getLogManager().reset();
        Logger root = Logger.getLogger("");
        java.util.logging.ConsoleHandler console = new java.util.logging.ConsoleHandler();
        console.setLevel(Level.ALL);
        root.addHandler(console);
        root.setLevel(Level.INFO);
    }
}
