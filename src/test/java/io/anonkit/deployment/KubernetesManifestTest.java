package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.settings.SettingKey;
import io.anonkit.settings.SettingsParser;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code deploy/kubernetes/qlik-anon-kit.yaml} parses, and points at what the kit serves: the port it is told to
 * listen on, the probe paths the WAR maps, settings the kit accepts, and secrets the manifest defines.
 */
class KubernetesManifestTest {
    private static final Path MANIFEST = Path.of("deploy", "kubernetes", "qlik-anon-kit.yaml");

    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Object value) {
        return (Map<String, Object>) value;
    }

    @SuppressWarnings("unchecked")
    private static List<Object> list(Object value) {
        return (List<Object>) value;
    }

    private static Map<String, Map<String, Object>> documentsByKind() throws Exception {
        Map<String, Map<String, Object>> byKind = new HashMap<>();
        try (Reader reader = Files.newBufferedReader(MANIFEST)) {
            for (Object document : new Yaml(new SafeConstructor(new LoaderOptions())).loadAll(reader)) {
                Map<String, Object> resource = map(document);
                byKind.put((String) resource.get("kind"), resource);
            }
        }
        return byKind;
    }

    @Test
    void theDeploymentProbesTheKitsHealthPathsOnThePortItListensOn() throws Exception {
        Map<String, Map<String, Object>> resources = documentsByKind();
        assertEquals(
                List.of("Deployment", "Secret", "Service").stream().sorted().toList(),
                resources.keySet().stream().sorted().toList());
        Map<String, Object> pod =
                map(map(map(resources.get("Deployment").get("spec")).get("template"))
                        .get("spec"));
        Map<String, Object> container = map(list(pod.get("containers")).get(0));
        assertEquals(List.of("java", "-jar", "/opt/qlik-anon-kit/qlik-anon-kit.war"), container.get("command"));

        Map<String, String> environment = new HashMap<>();
        List<String> secretKeys = new ArrayList<>();
        for (Object entry : list(container.get("env"))) {
            Map<String, Object> variable = map(entry);
            String name = (String) variable.get("name");
            assertTrue(SettingKey.byEnvironmentVariable(name).isPresent(), "a setting of the kit: " + name);
            if (variable.containsKey("valueFrom")) {
                Map<String, Object> secret = map(map(variable.get("valueFrom")).get("secretKeyRef"));
                assertEquals("qlik-anon-kit", secret.get("name"));
                secretKeys.add((String) secret.get("key"));
                environment.put(name, "a-secret-of-16-characters");
            } else {
                environment.put(name, (String) variable.get("value"));
            }
        }
        Map<String, Object> secretData = map(resources.get("Secret").get("stringData"));
        assertTrue(secretData.keySet().containsAll(secretKeys), "every secret the pod reads is defined: " + secretKeys);
        SettingsParser.parse(key -> environment.get(key.environmentVariable()));

        Map<String, Object> port = map(list(container.get("ports")).get(0));
        assertEquals("http", port.get("name"));
        assertEquals(Integer.parseInt(environment.get("ANONKIT_PORT")), port.get("containerPort"));
        String webXml = Files.readString(Path.of("webapp", "WEB-INF", "web.xml"));
        Map<String, String> probes = Map.of(
                "livenessProbe", "/health/live", "readinessProbe", "/health/ready", "startupProbe", "/health/live");
        probes.forEach((probe, path) -> {
            Map<String, Object> get = map(map(container.get(probe)).get("httpGet"));
            assertEquals(path, get.get("path"), probe);
            assertEquals("http", get.get("port"), probe);
            assertTrue(webXml.contains("<url-pattern>" + path + "</url-pattern>"), "the WAR maps " + path);
        });

        Map<String, Object> servicePort =
                map(list(map(resources.get("Service").get("spec")).get("ports")).get(0));
        assertEquals("http", servicePort.get("targetPort"));
        assertEquals(
                map(map(resources.get("Deployment").get("spec")).get("selector"))
                        .get("matchLabels"),
                map(resources.get("Service").get("spec")).get("selector"));
        Optional<Object> home = list(container.get("volumeMounts")).stream()
                .filter(mount ->
                        environment.get("ANONKIT_HOME").equals(map(mount).get("mountPath")))
                .findFirst();
        assertTrue(home.isPresent(), "the home folder is writable under a read-only root");
    }
}
