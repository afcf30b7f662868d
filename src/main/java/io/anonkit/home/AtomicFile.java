package io.anonkit.home;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Replaces a file atomically and durably: the content goes to a temporary file in the same folder, readable by the
 * owner only, forced to disk, then renamed over the old file, and the folder is forced too. A crash at any moment
 * leaves either the old file or the new one, never a mix.
 */
public final class AtomicFile {
    private AtomicFile() {}

    /** Replaces {@code file} with {@code content}, creating its folder if needed. */
    public static void write(Path file, byte[] content) throws IOException {
        Files.createDirectories(file.getParent());
        Path temporary = Files.createTempFile(file.getParent(), "." + file.getFileName(), ".tmp");
        try {
            restrictToOwner(temporary);
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                channel.write(java.nio.ByteBuffer.wrap(content));
                channel.force(true);
            }
            try {
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                throw new IOException("the file system of " + file.getParent() + " cannot rename atomically", e);
            }
        } finally {
            Files.deleteIfExists(temporary);
        }
        forceDirectory(file.getParent());
    }

    /**
     * Removes the temporary files that writes of {@code file} killed before their rename left behind. Call it only
     * while no other process writes {@code file}.
     */
    public static void removeLeftovers(Path file) throws IOException {
        if (!Files.isDirectory(file.getParent())) {
            return;
        }
        try (var leftovers = Files.newDirectoryStream(file.getParent(), "." + file.getFileName() + "*.tmp")) {
            for (Path leftover : leftovers) {
                Files.deleteIfExists(leftover);
            }
        }
    }

    private static void restrictToOwner(Path path) throws IOException {
        try {
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the folder's own permissions apply.
        }
    }

    private static void forceDirectory(Path directory) {
        try (FileChannel channel = FileChannel.open(directory, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Some platforms cannot open a directory; the rename itself is still atomic there.
        }
    }
}
