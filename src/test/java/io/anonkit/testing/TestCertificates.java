package io.anonkit.testing;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** A self-signed server certificate for 127.0.0.1 and a trust store holding it, made with the JDK's keytool. */
public final class TestCertificates {
    /** Password of both stores. */
    public static final String PASSWORD = "changeit";

    private final Path keyStore;
    private final Path trustStore;

    private TestCertificates(Path keyStore, Path trustStore) {
        this.keyStore = keyStore;
        this.trustStore = trustStore;
    }

    /** Creates the stores in {@code folder}. */
    public static TestCertificates create(Path folder) throws IOException, InterruptedException {
        Path keyStore = folder.resolve("qlik-server.p12");
        Path certificate = folder.resolve("qlik-server.cer");
        Path trustStore = folder.resolve("qlik-trust.p12");
        keytool(
                "-genkeypair",
                "-alias",
                "qlik",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=127.0.0.1",
                "-ext",
                "SAN=ip:127.0.0.1,dns:localhost",
                "-validity",
                "2",
                "-storetype",
                "PKCS12",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD);
        keytool(
                "-exportcert",
                "-alias",
                "qlik",
                "-keystore",
                keyStore.toString(),
                "-storepass",
                PASSWORD,
                "-file",
                certificate.toString());
        keytool(
                "-importcert",
                "-noprompt",
                "-alias",
                "qlik",
                "-file",
                certificate.toString(),
                "-storetype",
                "PKCS12",
                "-keystore",
                trustStore.toString(),
                "-storepass",
                PASSWORD);
        return new TestCertificates(keyStore, trustStore);
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        command.addAll(List.of(arguments));
        Process process = TestProcesses.start(new ProcessBuilder(command).redirectErrorStream(true));
        String output = new String(process.getInputStream().readAllBytes());
        if (process.waitFor() != 0) {
            throw new IOException("keytool failed: " + output);
        }
    }

    /** The server's key store. */
    public Path keyStore() {
        return keyStore;
    }

    /** A trust store with the server's certificate. */
    public Path trustStore() {
        return trustStore;
    }

    /** A TLS context that trusts only the server's certificate, for clients of the server. */
    public javax.net.ssl.SSLContext clientContext() throws java.security.GeneralSecurityException, IOException {
        java.security.KeyStore trust = java.security.KeyStore.getInstance("PKCS12");
        try (java.io.InputStream in = java.nio.file.Files.newInputStream(trustStore)) {
            trust.load(in, PASSWORD.toCharArray());
        }
        javax.net.ssl.TrustManagerFactory trustManagers =
                javax.net.ssl.TrustManagerFactory.getInstance(javax.net.ssl.TrustManagerFactory.getDefaultAlgorithm());
        trustManagers.init(trust);
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(null, trustManagers.getTrustManagers(), null);
        return tls;
    }
}
