package io.anonkit.settings;

import java.nio.file.Path;

/**
 * A trust store for the upstream's TLS certificate, for Qlik servers whose certificate an internal CA signed.
 *
 * @param path     the file
 * @param password its password (may be empty); never shown by {@link #toString()}
 * @param type     {@code PKCS12} or {@code JKS}
 */
public record TrustStore(Path path, String password, String type) {
    @Override
    public String toString() {
        return "TrustStore[path=" + path + ", type=" + type + ", password=(secret)]";
    }
}
