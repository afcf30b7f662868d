package io.anonkit.testing;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Qlik's open-source clients for the tests, installed from the npm registry at test time into a folder under
 * {@code target} (no copy is committed), with the test's own script beside them, and run with Node.js.
 */
public final class NodeClient {
    private final Path folder;

    private NodeClient(Path folder) {
        this.folder = folder;
    }

    /**
     * Installs {@code packages} (name@version) into {@code target/<name>}; {@code flags} go to {@code npm install}.
     * Fails the test when npm fails.
     */
    public static NodeClient install(String name, List<String> packages, String... flags) throws Exception {
        Path folder = Path.of("target", name).toAbsolutePath();
        Files.createDirectories(folder);
        List<String> command = new ArrayList<>(
                List.of("npm", "install", "--no-audit", "--no-fund", "--no-save", "--prefix", folder.toString()));
        command.addAll(List.of(flags));
        command.addAll(packages);
        new NodeClient(folder).run(300, command);
        return new NodeClient(folder);
    }

    /** The folder the packages are installed in. */
    public Path folder() {
        return folder;
    }

    /** Copies the class path resource {@code resource} of {@code owner} into the folder as {@code fileName}. */
    public Path copy(Class<?> owner, String resource, String fileName) throws IOException {
        Path target = folder.resolve(fileName);
        try (InputStream in = owner.getResourceAsStream(resource)) {
            Files.write(target, in.readAllBytes());
        }
        return target;
    }

    /** Runs {@code node script arguments...} in the folder; its output, after asserting it ended well in time. */
    public String node(Path script, String... arguments) throws Exception {
        List<String> command = new ArrayList<>(List.of("node", script.toString()));
        command.addAll(List.of(arguments));
        return run(60, command);
    }

    /** The last line of {@code output} that starts a JSON object, or all of it when there is none. */
    public static String lastJsonLine(String output) {
        return output.lines()
                .filter(line -> line.startsWith("{"))
                .reduce((a, b) -> b)
                .orElse(output);
    }

    private String run(int seconds, List<String> command) throws Exception {
        return Commands.run(folder, Duration.ofSeconds(seconds), command);
    }
}
