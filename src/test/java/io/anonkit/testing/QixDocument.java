package io.anonkit.testing;

import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stand-in engine's app for Qlik's chart clients: one table of countries and their sales, session objects kept with
 * the properties the client created them with, layouts computed from those properties the way the engine computes
 * them ({@code qHyperCubeDef} becomes {@code qHyperCube} with dimension and measure info, size and the initial data
 * pages), data pages on request, and selections in the {@code Country} field that filter every hypercube and mark the
 * selected rows, with the changed handles announced in the answer's {@code change} list as the engine does.
 */
final class QixDocument {
    private static final List<String> COUNTRIES = List.of("Sweden", "Norway", "Denmark", "Finland");
    private static final List<Integer> SALES = List.of(42, 17, 30, 25);

    private final JsonBuilderFactory json;
    private final Map<Integer, JsonObject> objects = new ConcurrentHashMap<>();
    private final Set<Integer> selected = java.util.Collections.synchronizedSet(new TreeSet<>());
    private volatile Set<Integer> beforeSelecting = Set.of();
    private volatile int selecting = -1;

    QixDocument(JsonBuilderFactory json) {
        this.json = json;
    }

    /** Keeps a session object's properties under its handle; the object's id. */
    String create(int handle, JsonObject properties) {
        String id = properties.getJsonObject("qInfo") != null
                        && properties.getJsonObject("qInfo").get("qId") instanceof JsonString text
                        && !text.getString().isEmpty()
                ? text.getString()
                : "session-" + handle;
        JsonObjectBuilder info =
                json.createObjectBuilder(properties.getJsonObject("qInfo")).add("qId", id);
        objects.put(
                handle, json.createObjectBuilder(properties).add("qInfo", info).build());
        return id;
    }

    /** Whether {@code handle} is a session object of this document. */
    boolean owns(int handle) {
        return objects.containsKey(handle);
    }

    /** Handles of every session object: what a selection changes. */
    List<Integer> handles() {
        return List.copyOf(objects.keySet());
    }

    /** The object's properties. */
    JsonObject properties(int handle) {
        return objects.get(handle);
    }

    /** The object's layout: its properties with each hypercube definition computed. */
    JsonObject layout(int handle) {
        JsonObject properties = objects.get(handle);
        JsonObjectBuilder layout = json.createObjectBuilder();
        properties.forEach((name, value) -> {
            if (name.equals("qHyperCubeDef") && value instanceof JsonObject definition) {
                layout.add("qHyperCube", hyperCube(definition));
            } else {
                layout.add(name, value);
            }
        });
        return layout.add("qSelectionInfo", json.createObjectBuilder().add("qInSelections", selecting == handle))
                .build();
    }

    /** The data pages {@code pages} of the object's hypercube. */
    JsonArray dataPages(int handle, JsonArray pages) {
        JsonObject definition = objects.get(handle).getJsonObject("qHyperCubeDef");
        return pages(definition, pages);
    }

    /** Toggles or sets the selection of the rows {@code elements} of the Country field. */
    void select(JsonArray elements, boolean toggle) {
        synchronized (selected) {
            if (!toggle) {
                selected.clear();
            }
            for (JsonValue value : elements) {
                int element = ((JsonNumber) value).intValue();
                if (!selected.remove(element) || !toggle) {
                    selected.add(element);
                }
            }
        }
    }

    /** Toggles the selection of the hypercube rows at {@code positions} (row indexes of the data as it is now). */
    void selectRows(JsonArray positions) {
        List<Integer> rows = rows();
        JsonArrayBuilder elements = json.createArrayBuilder();
        for (JsonValue value : positions) {
            int position = ((JsonNumber) value).intValue();
            if (position >= 0 && position < rows.size()) {
                elements.add(rows.get(position));
            }
        }
        select(elements.build(), true);
    }

    /** Starts selection mode in the object {@code handle}: what to go back to if the selection is cancelled. */
    void beginSelections(int handle) {
        synchronized (selected) {
            beforeSelecting = Set.copyOf(selected);
            selecting = handle;
        }
    }

    /** Ends selection mode, keeping the selection or going back. */
    void endSelections(boolean accept) {
        synchronized (selected) {
            if (!accept) {
                selected.clear();
                selected.addAll(beforeSelecting);
            }
            beforeSelecting = Set.of();
            selecting = -1;
        }
    }

    /** Clears every selection. */
    void clearAll() {
        selected.clear();
    }

    /** The Country rows selected now, by element number. */
    Set<Integer> selected() {
        synchronized (selected) {
            return Set.copyOf(selected);
        }
    }

    /** The app's layout, with the locale the clients format numbers and dates with. */
    JsonObject appLayout(String appId) {
        JsonArrayBuilder days = json.createArrayBuilder(List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"));
        JsonArrayBuilder months = json.createArrayBuilder(
                List.of("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"));
        return json.createObjectBuilder()
                .add("qTitle", "Sales")
                .add("qFileName", appId)
                .add("qHasScript", true)
                .add("qHasData", true)
                .add("qStateNames", json.createArrayBuilder())
                .add("qMeta", json.createObjectBuilder())
                .add(
                        "qLocaleInfo",
                        json.createObjectBuilder()
                                .add("qDecimalSep", ".")
                                .add("qThousandSep", ",")
                                .add("qListSep", ";")
                                .add("qMoneyDecimalSep", ".")
                                .add("qMoneyThousandSep", ",")
                                .add("qCurrentYear", 2026)
                                .add("qMoneyFmt", "$#,##0.00;-$#,##0.00")
                                .add("qTimeFmt", "h:mm:ss TT")
                                .add("qDateFmt", "M/D/YYYY")
                                .add("qTimestampFmt", "M/D/YYYY h:mm:ss[.fff] TT")
                                .add(
                                        "qCalendarStrings",
                                        json.createObjectBuilder()
                                                .add("qDayNames", days)
                                                .add("qMonthNames", months)
                                                .add("qLongDayNames", days)
                                                .add("qLongMonthNames", months))
                                .add("qFirstWeekDay", 0)
                                .add("qBrokenWeeks", false)
                                .add("qReferenceDay", 4)
                                .add("qFirstMonthOfYear", 1)
                                .add("qCollation", "en-US")
                                .add("qNumericalAbbreviation", "3:k;6:M;9:G;12:T;-3:m;-6:μ"))
                .add("qUnsupportedFeatures", json.createArrayBuilder())
                .add("qUsage", "ANALYTICS")
                .build();
    }

    private List<Integer> rows() {
        Set<Integer> now = selected();
        List<Integer> rows = new ArrayList<>();
        for (int row = 0; row < COUNTRIES.size(); row++) {
            if (now.isEmpty() || now.contains(row)) {
                rows.add(row);
            }
        }
        return rows;
    }

    private JsonObject hyperCube(JsonObject definition) {
        JsonArray dimensions = arrayOf(definition, "qDimensions");
        JsonArray measures = arrayOf(definition, "qMeasures");
        List<Integer> rows = rows();
        JsonArrayBuilder dimensionInfo = json.createArrayBuilder();
        for (JsonValue dimension : dimensions) {
            JsonObject def = ((JsonObject) dimension).getJsonObject("qDef");
            String field = def != null && def.get("qFieldDefs") instanceof JsonArray fields && !fields.isEmpty()
                    ? fields.getString(0)
                    : "Country";
            JsonObjectBuilder info = custom((JsonObject) dimension)
                    .add("qFallbackTitle", label(def, "qFieldLabels", field))
                    .add("qApprMaxGlyphCount", 7)
                    .add("qCardinal", COUNTRIES.size())
                    .add("qLocked", false)
                    .add("qSortIndicator", "A")
                    .add("qGroupFallbackTitles", json.createArrayBuilder().add(field))
                    .add("qGroupPos", 0)
                    .add(
                            "qStateCounts",
                            json.createObjectBuilder()
                                    .add("qLocked", 0)
                                    .add("qSelected", selected().size())
                                    .add("qOption", rows.size() - selected().size())
                                    .add("qDeselected", 0)
                                    .add("qAlternative", 0)
                                    .add("qExcluded", COUNTRIES.size() - rows.size())
                                    .add("qSelectedExcluded", 0)
                                    .add("qLockedExcluded", 0))
                    .add("qTags", json.createArrayBuilder())
                    .add("qDimensionType", "D")
                    .add("qGrouping", "N")
                    .add(
                            "qNumFormat",
                            json.createObjectBuilder()
                                    .add("qType", "U")
                                    .add("qnDec", 0)
                                    .add("qUseThou", 0))
                    .add("qIsAutoFormat", true)
                    .add("qGroupFieldDefs", json.createArrayBuilder().add(field))
                    .add("qMin", "NaN")
                    .add("qMax", "NaN")
                    .add("qAttrExprInfo", json.createArrayBuilder())
                    .add("qAttrDimInfo", json.createArrayBuilder())
                    .add(
                            "qCardinalities",
                            json.createObjectBuilder()
                                    .add("qCardinal", COUNTRIES.size())
                                    .add("qHypercubeCardinal", rows.size())
                                    .add("qAllValuesCardinal", -1));
            if (def != null && def.get("cId") != null) {
                info.add("cId", def.get("cId"));
            }
            dimensionInfo.add(info);
        }
        JsonArrayBuilder measureInfo = json.createArrayBuilder();
        int max = rows.stream().mapToInt(SALES::get).max().orElse(0);
        int min = rows.stream().mapToInt(SALES::get).min().orElse(0);
        for (JsonValue measure : measures) {
            JsonObject def = ((JsonObject) measure).getJsonObject("qDef");
            String expression =
                    def != null && def.get("qDef") instanceof JsonString text ? text.getString() : "Sum(Sales)";
            JsonObjectBuilder info = custom((JsonObject) measure)
                    .add(
                            "qFallbackTitle",
                            def != null
                                            && def.get("qLabel") instanceof JsonString label
                                            && !label.getString().isEmpty()
                                    ? label.getString()
                                    : expression.replaceFirst("^=", ""))
                    .add("qApprMaxGlyphCount", 2)
                    .add("qCardinal", 0)
                    .add("qSortIndicator", "D")
                    .add(
                            "qNumFormat",
                            json.createObjectBuilder()
                                    .add("qType", "U")
                                    .add("qnDec", 10)
                                    .add("qUseThou", 0))
                    .add("qMin", min)
                    .add("qMax", max)
                    .add("qIsAutoFormat", true)
                    .add("qAttrExprInfo", json.createArrayBuilder())
                    .add("qAttrDimInfo", json.createArrayBuilder())
                    .add("qTrendLines", json.createArrayBuilder());
            if (def != null && def.get("cId") != null) {
                info.add("cId", def.get("cId"));
            }
            measureInfo.add(info);
        }
        int columns = dimensions.size() + measures.size();
        JsonArrayBuilder order = json.createArrayBuilder();
        for (int column = 0; column < columns; column++) {
            order.add(column);
        }
        JsonArrayBuilder totals = json.createArrayBuilder();
        for (int measure = 0; measure < measures.size(); measure++) {
            int total = rows.stream().mapToInt(SALES::get).sum();
            totals.add(json.createObjectBuilder()
                    .add("qText", String.valueOf(total))
                    .add("qNum", total)
                    .add("qElemNumber", -1)
                    .add("qState", "X"));
        }
        return json.createObjectBuilder()
                .add("qSize", json.createObjectBuilder().add("qcx", columns).add("qcy", rows.size()))
                .add("qDimensionInfo", dimensionInfo)
                .add("qMeasureInfo", measureInfo)
                .add("qEffectiveInterColumnSortOrder", order)
                .add("qGrandTotalRow", totals)
                .add("qDataPages", pages(definition, arrayOf(definition, "qInitialDataFetch")))
                .add("qPivotDataPages", json.createArrayBuilder())
                .add("qStackedDataPages", json.createArrayBuilder())
                .add("qMode", definition.getString("qMode", "S"))
                .add("qNoOfLeftDims", -1)
                .add("qIndentMode", false)
                .add("qTreeNodesOnDim", json.createArrayBuilder())
                .add("qColumnOrder", json.createArrayBuilder())
                .add("qHasOtherValues", false)
                .add("qTitle", "")
                .add("qCalcCondMsg", "")
                .build();
    }

    private JsonArray pages(JsonObject definition, JsonArray requested) {
        JsonArray dimensions = arrayOf(definition, "qDimensions");
        int measures = arrayOf(definition, "qMeasures").size();
        List<Integer> rows = rows();
        Set<Integer> now = selected();
        JsonArrayBuilder pages = json.createArrayBuilder();
        for (JsonValue value : requested) {
            JsonObject page = (JsonObject) value;
            int top = page.getInt("qTop", 0);
            int height = page.getInt("qHeight", 0);
            int left = page.getInt("qLeft", 0);
            int width = page.getInt("qWidth", 0);
            JsonArrayBuilder matrix = json.createArrayBuilder();
            int end = Math.min(rows.size(), top + height);
            for (int position = top; position < end; position++) {
                int row = rows.get(position);
                JsonArrayBuilder cells = json.createArrayBuilder();
                for (int column = left; column < Math.min(left + width, dimensions.size() + measures); column++) {
                    if (column < dimensions.size()) {
                        cells.add(json.createObjectBuilder()
                                .add("qText", COUNTRIES.get(row))
                                .add("qNum", "NaN")
                                .add("qElemNumber", row)
                                .add("qState", now.contains(row) ? "S" : "O"));
                    } else {
                        cells.add(json.createObjectBuilder()
                                .add("qText", String.valueOf(SALES.get(row)))
                                .add("qNum", SALES.get(row))
                                .add("qElemNumber", 0)
                                .add("qState", "L"));
                    }
                }
                matrix.add(cells);
            }
            pages.add(json.createObjectBuilder()
                    .add("qMatrix", matrix)
                    .add("qTails", json.createArrayBuilder())
                    .add(
                            "qArea",
                            json.createObjectBuilder()
                                    .add("qLeft", left)
                                    .add("qTop", top)
                                    .add("qWidth", width)
                                    .add("qHeight", Math.max(0, end - top)))
                    .add("qIsReduced", false));
        }
        return pages.build();
    }

    private JsonObjectBuilder custom(JsonObject entry) {
        JsonObjectBuilder custom = json.createObjectBuilder();
        entry.forEach((name, value) -> {
            if (!name.startsWith("q")) {
                custom.add(name, value);
            }
        });
        return custom;
    }

    private static String label(JsonObject def, String member, String fallback) {
        return def != null
                        && def.get(member) instanceof JsonArray labels
                        && !labels.isEmpty()
                        && labels.get(0) instanceof JsonString text
                        && !text.getString().isEmpty()
                ? text.getString()
                : fallback;
    }

    private static JsonArray arrayOf(JsonObject object, String name) {
        return object.get(name) instanceof JsonArray array ? array : JsonValue.EMPTY_JSON_ARRAY;
    }

    static Optional<JsonObject> firstObject(JsonObject request, String name) {
        JsonValue params = request.get("params");
        if (params instanceof JsonArray array && !array.isEmpty() && array.get(0) instanceof JsonObject object) {
            return Optional.of(object);
        }
        if (params instanceof JsonObject object && object.get(name) instanceof JsonObject value) {
            return Optional.of(value);
        }
        return Optional.empty();
    }
}
