package io.anonkit.settings;

import java.nio.file.Path;

/**
 * A trust store for the upstream's TLS certificate, for Qlik servers whose certificate an internal CA signed.
 *
 * @param path     the file
 * @param password its password (may be empty); never shown by {@link #toString()}
 * @param type     its format
 */
public record TrustStore(Path path, String password, Type type) {
    /** A trust store's file format. */
    public enum Type implements Choice {
        /** PKCS #12, the JDK's default. */
        PKCS12,
        /** The JDK's older keystore format. */
        JKS;

        /** The name the JDK's {@code KeyStore.getInstance} takes. */
        @Override
        public String text() {
            return name();
        }
    }

    @Override
    public String toString() {
        return "TrustStore[path=" + path + ", type=" + type + ", password=(secret)]";
    }
}
