package io.anonkit.settings;

import java.util.Optional;

/**
 * Which {@code Host} header the upstream receives.
 *
 * @param kind  where the value comes from
 * @param fixed the fixed {@code host[:port]} when {@code kind} is {@link Kind#FIXED}, otherwise empty
 */
public record HostHeader(Kind kind, Optional<String> fixed) {
    /** Where the upstream's Host header comes from. */
    public enum Kind {
        /** The visitor's own Host header, as Qlik's header authentication requires. */
        CLIENT,
        /** The authority of the upstream URL. */
        UPSTREAM,
        /** A configured value. */
        FIXED
    }

    /** Preserve the visitor's Host header. */
    public static final HostHeader CLIENT = new HostHeader(Kind.CLIENT, Optional.empty());
    /** Use the upstream URL's authority. */
    public static final HostHeader UPSTREAM = new HostHeader(Kind.UPSTREAM, Optional.empty());

    /** Always send {@code value}. */
    public static HostHeader fixed(String value) {
        return new HostHeader(Kind.FIXED, Optional.of(value));
    }

    /** The setting's text form: {@code client}, {@code upstream} or the fixed value. */
    public String text() {
        return switch (kind) {
            case CLIENT -> "client";
            case UPSTREAM -> "upstream";
            case FIXED -> fixed.orElseThrow();
        };
    }
}
