package io.anonkit.faces;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The bundled qlik-embed loader ({@code @qlik/embed-web-components}, fetched from the npm registry at build time). It
 * is served from this jar's {@code META-INF/resources} under a path that names its version, so it can be cached for a
 * year: a new version gets a new URL.
 */
public final class LoaderAsset {
    /** The bundled loader's version, e.g. {@code 1.6.0}. */
    public static final String VERSION = readVersion();
    /** Path prefix of the bundled assets, below the context path. */
    public static final String PREFIX = "/anonkit/";
    /** Path of the bundled loader below the context path. */
    public static final String PATH = PREFIX + "qlik-embed-web-components/" + VERSION + "/dist/index.js";

    private LoaderAsset() {}

    private static String readVersion() {
        Properties properties = new Properties();
        try (InputStream in = LoaderAsset.class.getResourceAsStream("loader.properties")) {
            if (in == null) {
                throw new IllegalStateException("loader.properties is missing from the Faces jar");
            }
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties.getProperty("version");
    }
}
