package io.anonkit.cache;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a stored answer is kept under: everything Qlik's answer to a GET can depend on once the filter and the gateway
 * have done their work. The method is always GET (a HEAD is answered from the GET's entry, RFC 9111 section 4); the
 * target is the path and query sent to Qlik, byte for byte; the {@code Host} sent to Qlik; the identity sent (the user
 * id of the identity pool, empty without one); and the content codings the visitor accepts, normalised. Nothing else a
 * visitor sends reaches Qlik (the filter and {@code UpstreamHeaders} drop the rest), so nothing else can change the
 * answer.
 *
 * @param target the path and query sent to Qlik
 * @param host the {@code Host} sent to Qlik
 * @param identity the identity's user id sent to Qlik, empty for none
 * @param encodings the codings the visitor accepts, from {@link #encodings(String)}
 */
public record CacheKey(String target, String host, String identity, String encodings) {
    /** The codings that can tell two answers apart; any other is ignored. */
    static final Set<String> KNOWN_CODINGS = Set.of("br", "deflate", "gzip", "zstd");

    /**
     * The codings of an {@code Accept-Encoding} value that the key holds: the known ones accepted with a q-value above
     * zero, sorted and joined by commas, so that the many spellings of a browser's header make one of at most 16 keys.
     */
    public static String encodings(String acceptEncoding) {
        Set<String> accepted = new TreeSet<>();
        if (acceptEncoding != null) {
            for (String part : acceptEncoding.split(",")) {
                String[] pieces = part.split(";");
                String coding = pieces[0].trim().toLowerCase(Locale.ROOT);
                if (KNOWN_CODINGS.contains(coding) && !refused(pieces)) {
                    accepted.add(coding);
                }
            }
        }
        return String.join(",", accepted);
    }

    /** Whether the parameters of a coding say q=0 (in any spelling of zero), which refuses it. */
    private static boolean refused(String[] pieces) {
        for (int i = 1; i < pieces.length; i++) {
            String parameter = pieces[i].trim().toLowerCase(Locale.ROOT);
            if (parameter.startsWith("q=")) {
                String q = parameter.substring(2).trim();
                return q.matches("0(\\.0{0,3})?");
            }
        }
        return false;
    }

    /** Bytes this key adds to an entry's weight. */
    int weight() {
        return 2 * (target.length() + host.length() + identity.length() + encodings.length()) + 64;
    }
}
