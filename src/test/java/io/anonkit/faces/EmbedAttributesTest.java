package io.anonkit.faces;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.anonkit.faces.QlikEmbed.PropertyKeys;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmbedAttributesTest {
    private static final Optional<String> KIT_HOST = Optional.of("https://site.example.com/qlik");

    private static Map<PropertyKeys, Object> attributes(Object... pairs) {
        Map<PropertyKeys, Object> map = new EnumMap<>(PropertyKeys.class);
        for (int i = 0; i < pairs.length; i += 2) {
            map.put((PropertyKeys) pairs[i], pairs[i + 1]);
        }
        return map;
    }

    private static Map<String, String> resolve(Map<PropertyKeys, Object> authored) throws InvalidAttributeException {
        return EmbedAttributes.resolve(
                authored, Map.of(), Optional.of("app-1"), Optional.of("0123456789abcdef"), KIT_HOST);
    }

    @Test
    void aChartGetsTheDefaultAppAndTheScopeIdentityInOrder() throws Exception {
        assertEquals(
                List.of("ui=analytics/chart", "app-id=app-1", "object-id=xyz", "identity=0123456789abcdef"),
                resolve(attributes(PropertyKeys.ui, "analytics/chart", PropertyKeys.objectId, "xyz"))
                        .entrySet()
                        .stream()
                        .map(e -> e.getKey() + "=" + e.getValue())
                        .toList());
    }

    @Test
    void anEmptyIdentityFromTheAuthorSharesTheEngineSession() throws Exception {
        Map<String, String> out =
                resolve(attributes(PropertyKeys.ui, "analytics/selections", PropertyKeys.identity, ""));
        assertEquals(false, out.containsKey("identity"), out.toString());
    }

    @Test
    void chartOnTheFlyJsonIsReserialisedCompactAndTyped() throws Exception {
        Map<String, String> out = resolve(attributes(
                PropertyKeys.ui,
                "analytics/chart",
                PropertyKeys.type,
                "barchart",
                PropertyKeys.dimensions,
                " [ \"Country\" ] ",
                PropertyKeys.measures,
                List.of("=Sum(Sales)")));
        assertEquals("[\"Country\"]", out.get("dimensions___json"));
        assertEquals("[\"=Sum(Sales)\"]", out.get("measures___json"));
    }

    @Test
    void themeAndLanguageGoIntoTheContextOfAnalyticsUis() throws Exception {
        Map<String, String> out = resolve(attributes(
                PropertyKeys.ui,
                "analytics/sheet",
                PropertyKeys.sheetId,
                "s1",
                PropertyKeys.context,
                "{\"interactions\":{\"select\":false},\"theme\":\"old\"}",
                PropertyKeys.theme,
                "dark",
                PropertyKeys.language,
                "sv-SE"));
        assertEquals(
                "{\"interactions\":{\"select\":false},\"theme\":\"dark\",\"language\":\"sv-SE\"}",
                out.get("context___json"));
        assertEquals(false, out.containsKey("theme"));
    }

    @Test
    void classicUisTakeThemeAsAnAttribute() throws Exception {
        Map<String, String> out = resolve(attributes(
                PropertyKeys.ui,
                "classic/app",
                PropertyKeys.theme,
                "sense",
                PropertyKeys.clearSelections,
                Boolean.TRUE,
                PropertyKeys.select,
                "[{\"field\":\"F\",\"values\":[\"a\"]}]"));
        assertEquals("sense", out.get("theme"));
        assertEquals("true", out.get("clear-selections"));
        assertEquals("[{\"field\":\"F\",\"values\":[\"a\"]}]", out.get("select___json"));
    }

    @Test
    void dataAndTypedAttributesPassThroughAfterTheDeclaredOnes() throws Exception {
        Map<String, Object> passThrough = new LinkedHashMap<>();
        passThrough.put("data-track", "x\"y");
        passThrough.put("disable-cell-padding___boolean", "true");
        passThrough.put("extra___json", "{\"a\": [1, 2]}");
        Map<String, String> out = EmbedAttributes.resolve(
                attributes(PropertyKeys.ui, "analytics/selections"),
                passThrough,
                Optional.of("app-1"),
                Optional.empty(),
                KIT_HOST);
        assertEquals(
                List.of("ui", "app-id", "data-track", "disable-cell-padding___boolean", "extra___json"),
                List.copyOf(out.keySet()));
        assertEquals("{\"a\":[1,2]}", out.get("extra___json"));
    }

    static Stream<Arguments> authorMistakes() {
        return Stream.of(
                Arguments.of(
                        attributes(),
                        "ui is required; expected one of analytics/chart, analytics/sheet, analytics/field, analytics/selections, classic/app, classic/chart"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/kpi"),
                        "ui 'analytics/kpi' is not a qlik-embed UI; expected one of analytics/chart, analytics/sheet, analytics/field, analytics/selections, classic/app, classic/chart"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "ai/assistant"),
                        "ui 'ai/assistant' exists only in Qlik Cloud; a client-managed Qlik Sense server cannot render it (use one of analytics/chart, analytics/sheet, analytics/field, analytics/selections, classic/app, classic/chart)"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/snapshot"),
                        "ui 'analytics/snapshot' exists only in Qlik Cloud; a client-managed Qlik Sense server cannot render it (use one of analytics/chart, analytics/sheet, analytics/field, analytics/selections, classic/app, classic/chart)"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/chart"),
                        "ui 'analytics/chart' needs either objectId, or type with dimensions and/or measures for a chart on the fly, not both"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "analytics/chart",
                                PropertyKeys.objectId,
                                "a",
                                PropertyKeys.type,
                                "barchart"),
                        "ui 'analytics/chart' needs either objectId, or type with dimensions and/or measures for a chart on the fly, not both"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/chart", PropertyKeys.type, "barchart"),
                        "a chart on the fly (ui 'analytics/chart') needs type and at least one of dimensions and measures"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "analytics/sheet",
                                PropertyKeys.objectId,
                                "a",
                                PropertyKeys.sheetId,
                                "b"),
                        "ui 'analytics/sheet' needs exactly one of objectId and sheetId"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/field"),
                        "ui 'analytics/field' needs exactly one of fieldId and libraryId"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "analytics/field",
                                PropertyKeys.libraryId,
                                "L",
                                PropertyKeys.type,
                                "barchart"),
                        "ui 'analytics/field' with libraryId needs type 'dimension' or 'measure', not 'barchart'"),
                Arguments.of(attributes(PropertyKeys.ui, "classic/chart"), "ui 'classic/chart' needs objectId"),
                Arguments.of(
                        attributes(PropertyKeys.ui, "analytics/selections", PropertyKeys.sheetId, "s"),
                        "attribute sheetId does not apply to ui 'analytics/selections'"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "analytics/chart",
                                PropertyKeys.type,
                                "bar",
                                PropertyKeys.dimensions,
                                "[Country]"),
                        "attribute dimensions is not valid JSON (Unexpected char 67 at (line no=1, column no=2, offset=1)); expected an array such as [\"Country\"] in strict JSON: double-quoted names and strings"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "analytics/chart",
                                PropertyKeys.type,
                                "bar",
                                PropertyKeys.dimensions,
                                "{\"a\":1}"),
                        "attribute dimensions must be an array such as [\"Country\"], not '{\"a\":1}'"),
                Arguments.of(
                        attributes(
                                PropertyKeys.ui,
                                "classic/chart",
                                PropertyKeys.objectId,
                                "o",
                                PropertyKeys.iframe,
                                "yes"),
                        "attribute iframe must be true or false, not 'yes'"));
    }

    @ParameterizedTest
    @MethodSource("authorMistakes")
    void anAuthorMistakeGetsAMessageSayingTheFix(Map<PropertyKeys, Object> authored, String message) {
        assertEquals(
                message,
                assertThrows(InvalidAttributeException.class, () -> resolve(authored))
                        .getMessage());
    }

    @Test
    void withoutADefaultAppEveryClientManagedUiNeedsAppId() {
        InvalidAttributeException e = assertThrows(
                InvalidAttributeException.class,
                () -> EmbedAttributes.resolve(
                        attributes(PropertyKeys.ui, "analytics/selections"),
                        Map.of(),
                        Optional.empty(),
                        Optional.empty(),
                        KIT_HOST));
        assertEquals(
                "ui 'analytics/selections' needs appId: set it on the tag, or the default app id, ANONKIT_APP_ID (anonkit.app.id)",
                e.getMessage());
    }

    @Test
    void cloudOnlyUisAreAllowedAgainstAQlikCloudHost() throws Exception {
        Map<String, String> out = EmbedAttributes.resolve(
                attributes(PropertyKeys.ui, "ai/assistant", PropertyKeys.host, "https://tenant.eu.qlikcloud.com"),
                Map.of("assistant-id___string", "a1"),
                Optional.empty(),
                Optional.empty(),
                KIT_HOST);
        assertEquals("ai/assistant", out.get("ui"));
    }

    @Test
    void typedPassThroughValuesAreChecked() {
        assertEquals(
                "attribute rows___number must be a number such as 42 or 0.5, not '1e999'",
                assertThrows(
                                InvalidAttributeException.class,
                                () -> EmbedAttributes.resolve(
                                        attributes(PropertyKeys.ui, "analytics/selections"),
                                        Map.of("rows___number", "1e999"),
                                        Optional.of("a"),
                                        Optional.empty(),
                                        KIT_HOST))
                        .getMessage());
        assertEquals(
                "attribute object-id___string sets object-id a second time; set it once",
                assertThrows(
                                InvalidAttributeException.class,
                                () -> EmbedAttributes.resolve(
                                        attributes(PropertyKeys.ui, "classic/chart", PropertyKeys.objectId, "o"),
                                        Map.of("object-id___string", "p"),
                                        Optional.of("a"),
                                        Optional.empty(),
                                        KIT_HOST))
                        .getMessage());
    }
}
