package io.anonkit.faces;

import static io.anonkit.faces.QlikEmbed.PropertyKeys.appId;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.bookmark;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.clearSelections;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.context;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.dimensions;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.fieldId;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.language;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.libraryId;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.measures;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.objectId;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.properties;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.select;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.sheetId;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.theme;
import static io.anonkit.faces.QlikEmbed.PropertyKeys.type;

import io.anonkit.faces.QlikEmbed.PropertyKeys;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The values of {@code ui}, the attributes each one takes beyond the common ones, and what each one requires. The
 * {@code ai/*} and {@code analytics/snapshot} UIs exist only in Qlik Cloud.
 */
enum EmbedUi {
    ANALYTICS_CHART(
            "analytics/chart",
            false,
            EnumSet.of(appId, objectId, type, dimensions, measures, properties, context, theme, language)),
    ANALYTICS_SHEET("analytics/sheet", false, EnumSet.of(appId, objectId, sheetId, context, theme, language)),
    ANALYTICS_FIELD("analytics/field", false, EnumSet.of(appId, fieldId, libraryId, type, context, theme, language)),
    ANALYTICS_SELECTIONS("analytics/selections", false, EnumSet.of(appId, context, theme, language)),
    CLASSIC_APP("classic/app", false, EnumSet.of(appId, sheetId, theme, language, bookmark, clearSelections, select)),
    CLASSIC_CHART("classic/chart", false, EnumSet.of(appId, objectId, theme, language)),
    AI_ASSISTANT("ai/assistant", true, EnumSet.noneOf(PropertyKeys.class)),
    AI_AGENTIC_ASSISTANT("ai/agentic-assistant", true, EnumSet.noneOf(PropertyKeys.class)),
    ANALYTICS_SNAPSHOT("analytics/snapshot", true, EnumSet.noneOf(PropertyKeys.class));

    /** Attributes every UI takes. */
    static final Set<PropertyKeys> COMMON = EnumSet.of(
            PropertyKeys.ui,
            PropertyKeys.identity,
            PropertyKeys.iframe,
            PropertyKeys.hostConfig,
            PropertyKeys.host,
            PropertyKeys.styleClass);

    private final String value;
    private final boolean cloudOnly;
    private final Set<PropertyKeys> specific;

    EmbedUi(String value, boolean cloudOnly, Set<PropertyKeys> specific) {
        this.value = value;
        this.cloudOnly = cloudOnly;
        this.specific = specific;
    }

    String value() {
        return value;
    }

    boolean cloudOnly() {
        return cloudOnly;
    }

    boolean takes(PropertyKeys key) {
        return COMMON.contains(key) || specific.contains(key);
    }

    /** Whether theme and language go into the {@code context} JSON rather than attributes of their own. */
    boolean themeInContext() {
        return value.startsWith("analytics/");
    }

    static Optional<EmbedUi> parse(String value) {
        return Arrays.stream(values()).filter(ui -> ui.value.equals(value)).findFirst();
    }

    /** The client-managed UIs, for messages. */
    static String clientManaged() {
        return Arrays.stream(values())
                .filter(ui -> !ui.cloudOnly)
                .map(EmbedUi::value)
                .collect(Collectors.joining(", "));
    }

    /** Checks that the attributes {@code set} satisfy this UI; {@code set} holds only non-empty values. */
    void checkRequired(Map<PropertyKeys, ?> set) throws InvalidAttributeException {
        if (cloudOnly) {
            return;
        }
        if (!set.containsKey(appId)) {
            throw new InvalidAttributeException("ui '" + value
                    + "' needs appId: set it on the tag, or the default app id" + ", " + SettingNames.APP_ID);
        }
        switch (this) {
            case ANALYTICS_CHART -> {
                boolean onTheFly = set.containsKey(type)
                        || set.containsKey(dimensions)
                        || set.containsKey(measures)
                        || set.containsKey(properties);
                if (set.containsKey(objectId) == onTheFly) {
                    throw new InvalidAttributeException("ui 'analytics/chart' needs either objectId, or type with"
                            + " dimensions and/or measures for a chart on the fly, not both");
                }
                if (onTheFly
                        && (!set.containsKey(type) || !(set.containsKey(dimensions) || set.containsKey(measures)))) {
                    throw new InvalidAttributeException(
                            "a chart on the fly (ui 'analytics/chart') needs type and at least"
                                    + " one of dimensions and measures");
                }
            }
            case ANALYTICS_SHEET -> {
                if (set.containsKey(objectId) == set.containsKey(sheetId)) {
                    throw new InvalidAttributeException(
                            "ui 'analytics/sheet' needs exactly one of objectId and sheetId");
                }
            }
            case ANALYTICS_FIELD -> {
                boolean library = set.containsKey(libraryId);
                if (set.containsKey(fieldId) == library) {
                    throw new InvalidAttributeException(
                            "ui 'analytics/field' needs exactly one of fieldId and libraryId");
                }
                Object kind = set.get(type);
                if (library && !("dimension".equals(kind) || "measure".equals(kind))) {
                    throw new InvalidAttributeException("ui 'analytics/field' with libraryId needs type 'dimension' or"
                            + " 'measure', not " + (kind == null ? "none" : AuthorErrors.quote(kind)));
                }
                if (!library && set.containsKey(type)) {
                    throw new InvalidAttributeException("ui 'analytics/field' takes type only with libraryId");
                }
            }
            case CLASSIC_CHART -> {
                if (!set.containsKey(objectId)) {
                    throw new InvalidAttributeException("ui 'classic/chart' needs objectId");
                }
            }
            default -> {}
        }
    }
}
