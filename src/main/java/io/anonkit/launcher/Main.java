package io.anonkit.launcher;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.InvocationTargetException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * {@code java -jar qlik-anon-kit.war}: unpacks the embedded server's jars from {@code META-INF/launcher/} of the WAR
 * into a temporary folder, loads them in their own class loader and runs
 * {@code io.anonkit.standalone.StandaloneServer} on this WAR. Only this class sits at the WAR's root; it uses
 * nothing but the JDK, so deploying the same WAR into a servlet container is unaffected.
 */
public final class Main {
    private static final String LAUNCHER_FOLDER = "META-INF/launcher/";
    private static final String SERVER_CLASS = "io.anonkit.standalone.StandaloneServer";

    private Main() {}

    /** Starts the standalone server; exits with status 2 when it cannot start. */
    public static void main(String[] args) throws Exception {
        Path war = ownWar();
        Path folder = Files.createTempDirectory("qlik-anon-kit-launcher-");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteQuietly(folder)));
        List<URL> jars = unpack(war, folder);
        ClassLoader loader = new URLClassLoader(
                "qlik-anon-kit-launcher", jars.toArray(URL[]::new), ClassLoader.getPlatformClassLoader());
        Thread.currentThread().setContextClassLoader(loader);
        try {
            Class.forName(SERVER_CLASS, true, loader)
                    .getMethod("run", Path.class, String[].class)
                    .invoke(null, war, (Object) args);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }

    private static Path ownWar() throws URISyntaxException {
        Path war = Path.of(
                Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        if (!Files.isRegularFile(war)) {
            System.err.println("qlik-anon-kit: run the packaged WAR with java -jar, not " + war);
            System.exit(2);
        }
        return war;
    }

    private static List<URL> unpack(Path war, Path folder) throws IOException {
        List<URL> jars = new ArrayList<>();
        try (JarFile jar = new JarFile(war.toFile())) {
            for (Enumeration<JarEntry> entries = jar.entries(); entries.hasMoreElements(); ) {
                JarEntry entry = entries.nextElement();
                String name = entry.getName();
                if (!name.startsWith(LAUNCHER_FOLDER)
                        || !name.endsWith(".jar")
                        || name.indexOf('/', LAUNCHER_FOLDER.length()) >= 0) {
                    continue;
                }
                Path target = folder.resolve(name.substring(LAUNCHER_FOLDER.length()));
                try (InputStream in = jar.getInputStream(entry)) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                jars.add(target.toUri().toURL());
            }
        }
        if (jars.isEmpty()) {
            System.err.println("qlik-anon-kit: " + war + " has no " + LAUNCHER_FOLDER + "; build it with mvn package");
            System.exit(2);
        }
        return jars;
    }

    private static void deleteQuietly(Path folder) {
        try (Stream<Path> paths = Files.walk(folder)) {
            paths.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // Best effort: the folder is in the temporary directory.
        }
    }
}
