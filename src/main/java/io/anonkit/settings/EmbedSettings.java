package io.anonkit.settings;

import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * What pages need to embed Qlik through the kit: where the kit is reachable, where the loader comes from, and the ids
 * the tags and the demo page default to.
 *
 * @param publicUrl    the kit's public base URL without a trailing slash; empty takes it from each request
 * @param loaderUrl    an absolute https URL of the qlik-embed loader; empty serves the bundled copy
 * @param appId        default Qlik app id of the tags; empty when each tag names its own
 * @param demoObjectId the chart the demo page shows
 * @param demoSheetId  the sheet the demo page shows
 * @param demoFieldId  the field the demo page's filter shows
 * @param allowedOrigins lower-case origins of other sites that embed through the kit cross-origin
 */
public record EmbedSettings(
        Optional<URI> publicUrl,
        Optional<URI> loaderUrl,
        String appId,
        String demoObjectId,
        String demoSheetId,
        String demoFieldId,
        List<String> allowedOrigins) {

    /** Copies the list so the record stays immutable. */
    public EmbedSettings {
        allowedOrigins = List.copyOf(allowedOrigins);
    }
}
