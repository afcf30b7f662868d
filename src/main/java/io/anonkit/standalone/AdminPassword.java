package io.anonkit.standalone;

import io.anonkit.home.AtomicFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * The standalone admin's password, kept only as a salted PBKDF2-HMAC-SHA256 hash. Checking a password costs the full
 * key derivation once; after a success, the same password is recognised by a keyed digest held in memory, so HTTP
 * Basic (which sends the password on every request) stays fast. A password given in the environment is never written
 * anywhere, so it is kept as that keyed digest alone, without the start-up cost of a derivation.
 *
 * <p>The hash file, {@code $ANONKIT_HOME/}{@value #FILE_NAME}, reads {@code pbkdf2-sha256:<iterations>:<salt>:<hash>}
 * with Base64 salt and hash.
 */
final class AdminPassword {
    /** Name of the hash file in the kit's home folder. */
    static final String FILE_NAME = "admin-password.hash";

    static final int ITERATIONS = 310_000;
    private static final String ALGORITHM = "pbkdf2-sha256";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";

    private final byte[] salt;
    private final int iterations;
    private final byte[] hash;
    private final byte[] memoryKey = randomBytes(32);
    private volatile byte[] verified;

    private AdminPassword(byte[] salt, int iterations, byte[] hash) {
        this.salt = salt;
        this.iterations = iterations;
        this.hash = hash;
    }

    /**
     * A password the operator configured, which exists only in the process: recognised by a keyed digest with a random
     * key of this process, so no copy of it is kept.
     */
    static AdminPassword configured(String password) {
        AdminPassword configured = new AdminPassword(null, 0, null);
        configured.verified = configured.memoryDigest(password);
        return configured;
    }

    /** The hash of {@code password}, with a new salt. */
    static AdminPassword of(String password) {
        byte[] salt = randomBytes(16);
        return new AdminPassword(salt, ITERATIONS, derive(password, salt, ITERATIONS));
    }

    /** A new random password of 24 characters from an alphabet without look-alikes. */
    static String generate() {
        StringBuilder password = new StringBuilder();
        for (int i = 0; i < 24; i++) {
            password.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
        }
        return password.toString();
    }

    /** Reads a hash file. */
    static AdminPassword read(Path file) throws IOException {
        String[] parts =
                Files.readString(file, StandardCharsets.US_ASCII).trim().split(":");
        if (parts.length != 4 || !parts[0].equals(ALGORITHM) || !parts[1].matches("\\d{1,9}")) {
            throw new IOException(file + " is not an admin password hash; remove it to have a new password generated");
        }
        try {
            return new AdminPassword(
                    Base64.getDecoder().decode(parts[2]),
                    Integer.parseInt(parts[1]),
                    Base64.getDecoder().decode(parts[3]));
        } catch (IllegalArgumentException e) {
            throw new IOException(
                    file + " is not an admin password hash; remove it to have a new password generated", e);
        }
    }

    /** Writes the hash file, readable by its owner only. */
    void write(Path file) throws IOException {
        if (hash == null) {
            throw new IllegalStateException("a configured password is never written");
        }
        String text = ALGORITHM + ":" + iterations + ":" + Base64.getEncoder().encodeToString(salt) + ":"
                + Base64.getEncoder().encodeToString(hash) + "\n";
        AtomicFile.write(file, text.getBytes(StandardCharsets.US_ASCII));
    }

    /** Whether {@code password} is the admin's, in time independent of where it differs. */
    boolean matches(String password) {
        byte[] known = verified;
        byte[] digest = memoryDigest(password);
        if (known != null && MessageDigest.isEqual(known, digest)) {
            return true;
        }
        if (hash != null && MessageDigest.isEqual(hash, derive(password, salt, iterations))) {
            verified = digest;
            return true;
        }
        return false;
    }

    private byte[] memoryDigest(String password) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
            mac.init(new javax.crypto.spec.SecretKeySpec(memoryKey, "HmacSHA256"));
            return mac.doFinal(password.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no HmacSHA256", e);
        }
    }

    private static byte[] derive(String password, byte[] salt, int iterations) {
        PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
        try {
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(spec)
                    .getEncoded();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK has no PBKDF2WithHmacSHA256", e);
        } finally {
            spec.clearPassword();
        }
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
