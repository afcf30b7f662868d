package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every method of Qlik's QIX schema, as enigma.js 2.15.0 ships it (fetched from the npm registry by the build into
 * {@code target/enigma-npm}), has a rule, so a method a new Qlik release adds cannot cross unnoticed.
 */
class EngineMethodsSchemaTest {
    private static final Path SCHEMA = Path.of("target", "enigma-npm", "package", "schemas", "12.2027.0.json");
    /** The clients' own names for what the viewer path needs; each must be allowed in embed. */
    private static final List<String> VIEWER = List.of(
            "Global.OpenDoc",
            "Doc.GetObject",
            "Doc.CreateSessionObject",
            "Doc.GetAppLayout",
            "Doc.GetField",
            "GenericObject.GetLayout",
            "GenericObject.GetHyperCubeData",
            "GenericObject.GetListObjectData",
            "GenericObject.SelectListObjectValues",
            "GenericObject.BeginSelections",
            "Field.SelectValues",
            "Doc.ClearAll");
    /** What must never cross in embed or classic. */
    private static final List<String> NEVER = List.of(
            "Doc.GetScript",
            "Doc.SetScript",
            "Doc.DoReload",
            "Doc.DoSave",
            "Doc.GetTableData",
            "Doc.GetConnections",
            "Doc.ExportReducedData",
            "Doc.BulkRequest",
            "Doc.CreateObject",
            "Global.GetDocList",
            "Global.CreateApp",
            "Global.DeleteApp",
            "Global.CopyApp",
            "Global.CreateSessionApp",
            "Global.ImportApp",
            "Global.ExportApp",
            "GenericObject.ExportData",
            "GenericObject.Publish");

    private static JsonObject structs() throws Exception {
        assertTrue(Files.isRegularFile(SCHEMA), SCHEMA + " is fetched by the build (execution enigma-schema)");
        try (Reader in = Files.newBufferedReader(SCHEMA);
                var reader = Json.createReader(in)) {
            return reader.readObject().getJsonObject("structs");
        }
    }

    @Test
    void everyMethodOfTheSchemaHasARule() throws Exception {
        JsonObject structs = structs();
        List<String> missing = new ArrayList<>();
        int methods = 0;
        for (String type : structs.keySet()) {
            for (String method : structs.getJsonObject(type).keySet()) {
                methods++;
                if (EngineMethods.rule(type, method).isEmpty()) {
                    missing.add(type + "." + method);
                }
            }
        }
        assertEquals(List.of(), missing, "methods without a rule");
        assertEquals(486, methods, "the methods of schema 12.2027.0");
        assertEquals(
                Set.copyOf(EngineMethods.LEGACY_TYPES),
                Set.copyOf(structs.keySet().stream()
                        .filter(t -> !Set.of(
                                        "Global",
                                        "Doc",
                                        "GenericObject",
                                        "GenericDimension",
                                        "GenericMeasure",
                                        "GenericBookmark",
                                        "GenericVariable",
                                        "Field",
                                        "Variable")
                                .contains(t))
                        .toList()),
                "every other type of the schema is a legacy QlikView object");
    }

    @Test
    void theViewerPathIsAllowedAndTheDangerousMethodsNever() {
        for (String name : VIEWER) {
            String[] parts = name.split("\\.");
            assertTrue(EngineMethods.rule(parts[0], parts[1]).orElseThrow().allowedInEmbed(), name);
        }
        for (String name : NEVER) {
            String[] parts = name.split("\\.");
            Optional<MethodRule> rule = EngineMethods.rule(parts[0], parts[1]);
            assertTrue(rule.isPresent() && !rule.get().allowedInEmbed() && rule.get() != MethodRule.CLASSIC, name);
        }
    }
}
