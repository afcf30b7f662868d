package io.anonkit.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The heap of a JVM read from outside, as the tests that look for what closed tunnels leave behind read it. */
class LiveObjectsTest {
    @TempDir
    Path folder;

    @Test
    void aHeapDumpOfAJvmIsWrittenWhereAsked() throws Exception {
        Assumptions.assumeTrue(LiveObjects.available(), "needs Linux's /proc and the JDK's jcmd");
        long self = ProcessHandle.current().pid();
        assertTrue(LiveObjects.count(self, LiveObjectsTest.class.getName()) >= 1, "this test object is live");
        Path dump = LiveObjects.heapDump(self, folder.resolve("self.hprof"));
        assertTrue(Files.size(dump) > 1024 * 1024, "a heap dump of some size: " + Files.size(dump));
    }
}
