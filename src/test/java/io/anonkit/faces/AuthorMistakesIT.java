package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Eventually;
import io.anonkit.testing.KitProcess;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A page author's mistake in the Production project stage (the WAR's own): the demo page with an app id but no chart,
 * sheet or field ids. Each element that cannot be written is left out, an HTML comment in its place says what and
 * where (Facelet file and line), the log says the same, visitors see the rest of the page, and no Faces message is
 * queued where nothing would show it.
 */
class AuthorMistakesIT {
    @TempDir
    Path home;

    @Test
    void inProductionAMistakeIsACommentWithItsFileAndLineAndALogLineNeverABrokenPage() throws Exception {
        try (KitProcess kit =
                KitProcess.start(home, Map.of("ANONKIT_UPSTREAM", "inspect:", "ANONKIT_APP_ID", "demo-app"))) {
            HttpResponse<String> page = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(kit.baseUri().resolve("demo.xhtml"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode(), page.body());
            Matcher comment = Pattern.compile("<!-- qlik-anon-kit: left out of the page: qlik-embed: ([^>]*?)"
                            + " \\(at /demo\\.xhtml line (\\d+)\\) -->")
                    .matcher(page.body());
            List<String> mistakes = new java.util.ArrayList<>();
            while (comment.find()) {
                mistakes.add(comment.group(1) + " @" + comment.group(2));
            }
            int rendered = page.body().split("<qlik-embed ", -1).length - 1;
            assertEquals(
                    7, rendered + mistakes.size(), "every tag of the page is an element or a comment: " + page.body());
            assertTrue(mistakes.size() >= 3, mistakes.toString());
            assertTrue(mistakes.get(0).startsWith("ui 'analytics/chart' needs either objectId"), mistakes.toString());
            String demo = java.nio.file.Files.readString(Path.of("webapp", "demo.xhtml"));
            for (String mistake : mistakes) {
                int line = Integer.parseInt(mistake.substring(mistake.lastIndexOf('@') + 1));
                assertTrue(
                        demo.lines().skip(line - 1).findFirst().orElseThrow().contains("<q:embed"),
                        "line " + line + " of demo.xhtml is the tag: " + mistake);
            }
            assertTrue(
                    page.body().contains("<qlik-embed id=\"selections\" ui=\"analytics/selections\""),
                    "the rest stays");
            assertTrue(!page.body().contains("<ul") && !page.body().contains("ui-messages"), "no Faces message markup");
            Eventually.await(
                    Duration.ofSeconds(10),
                    "the log line",
                    () -> kit.output().contains("left out of the page: qlik-embed: ui 'classic/chart' needs objectId"));
            assertTrue(kit.output().contains("(at /demo.xhtml line "), kit.output());
            assertTrue(
                    !kit.output().contains("enqueued"), "Mojarra found no message left undisplayed: " + kit.output());
        }
    }
}
