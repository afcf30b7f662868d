package io.anonkit.bench;

import io.anonkit.engine.EngineFirewall;
import io.anonkit.http.AccessMonitor;
import io.anonkit.settings.Settings;
import io.anonkit.settings.SettingsParser;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The engine firewall's cost per visitor message, with the engine's answer read as the tunnel reads it: what charts
 * send most (a layout, a data page, a selection), a chart's creation as nebula.js sends it (a bar chart's full property
 * tree, every string of it read by the expression guard), an {@code Evaluate}, and a refused request. Run: {@code src/bench/engine.sh}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class EngineFirewallBenchmark {
    private static final Map<String, String[]> MESSAGES = Map.of(
            "layout",
                    new String[] {
                        "{\"delta\":true,\"handle\":2,\"method\":\"GetLayout\",\"params\":[],\"id\":%d,\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"delta\":true,\"result\":{\"qLayout\":[{\"op\":\"replace\","
                                + "\"path\":\"/qHyperCube/qSize/qcy\",\"value\":12}]}}"
                    },
            "data",
                    new String[] {
                        "{\"delta\":true,\"handle\":2,\"method\":\"GetHyperCubeData\",\"params\":[\"/qHyperCubeDef\",[{\"qTop\":0,"
                                + "\"qLeft\":0,\"qWidth\":2,\"qHeight\":500}]],\"id\":%d,\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"delta\":true,\"result\":{\"qDataPages\":[{\"op\":\"add\",\"path\":\"/\","
                                + "\"value\":[{\"qMatrix\":[[{\"qText\":\"Sweden\",\"qNum\":\"NaN\",\"qElemNumber\":0,"
                                + "\"qState\":\"O\"},{\"qText\":\"42\",\"qNum\":42,\"qElemNumber\":0,\"qState\":\"L\"}]],"
                                + "\"qTails\":[],\"qArea\":{\"qLeft\":0,\"qTop\":0,\"qWidth\":2,\"qHeight\":1}}]}]}}"
                    },
            "select",
                    new String[] {
                        "{\"delta\":true,\"handle\":2,\"method\":\"SelectHyperCubeValues\",\"params\":[\"/qHyperCubeDef\",0,[3,5],"
                                + "true],\"id\":%d,\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"delta\":true,\"result\":{\"qSuccess\":[{\"op\":\"add\",\"path\":\"/\","
                                + "\"value\":true}]},\"change\":[1,2]}"
                    },
            "chart",
                    new String[] {
                        "{\"delta\":true,\"handle\":1,\"method\":\"CreateSessionObject\",\"params\":[{\"qInfo\":{\"qId\":"
                                + "\"nb-8f2k\",\"qType\":\"barchart\"},\"visualization\":\"barchart\",\"version\":\"2.14.0\","
                                + "\"showTitles\":true,\"title\":\"=Sum(Sales) & ' sold'\",\"subtitle\":\"\",\"footnote\":\"\","
                                + "\"qHyperCubeDef\":{\"qDimensions\":[{\"qDef\":{\"qFieldDefs\":[\"Country\"],\"qFieldLabels\":"
                                + "[\"\"],\"qSortCriterias\":[{\"qSortByNumeric\":1,\"qSortByAscii\":1}],\"autoSort\":true},"
                                + "\"qNullSuppression\":true,\"qOtherTotalSpec\":{\"qOtherMode\":\"OTHER_OFF\"}}],"
                                + "\"qMeasures\":[{\"qDef\":{\"qDef\":\"Sum({<Year={2024}>} Sales)\",\"qLabel\":\"Sales\","
                                + "\"qNumFormat\":{\"qType\":\"F\",\"qnDec\":2,\"qFmt\":\"#,##0.00\"},\"autoSort\":true},"
                                + "\"qSortBy\":{\"qSortByNumeric\":-1},\"qAttributeExpressions\":[{\"qExpression\":"
                                + "\"If(Sum(Sales) > 100, RGB(0,128,0), RGB(200,0,0))\",\"id\":\"colorByExpression\"}]}],"
                                + "\"qInterColumnSortOrder\":[1,0],\"qSuppressZero\":false,\"qSuppressMissing\":true,"
                                + "\"qInitialDataFetch\":[{\"qLeft\":0,\"qTop\":0,\"qWidth\":2,\"qHeight\":500}],"
                                + "\"qMode\":\"S\",\"qAlwaysFullyExpanded\":true},\"color\":{\"auto\":false,\"mode\":"
                                + "\"byExpression\",\"expressionIsColor\":true},\"dataPoint\":{\"showLabels\":true},"
                                + "\"orientation\":\"vertical\",\"gridLine\":{\"auto\":true},\"legend\":{\"show\":false},"
                                + "\"measureAxis\":{\"show\":\"all\",\"dock\":\"near\",\"spacing\":1,\"autoMinMax\":true},"
                                + "\"dimensionAxis\":{\"show\":\"all\",\"label\":\"auto\",\"dock\":\"near\"}}],\"id\":%d,"
                                + "\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\",\"path\":"
                                + "\"/\",\"value\":{\"qType\":\"GenericObject\",\"qHandle\":5,\"qGenericType\":\"barchart\","
                                + "\"qGenericId\":\"nb-8f2k\"}}]}}"
                    },
            "evaluate",
                    new String[] {
                        "{\"delta\":true,\"handle\":1,\"method\":\"Evaluate\",\"params\":[\"Sum({<Year={$(vYear)}>} Sales)"
                                + " / Count(DISTINCT Customer)\"],\"id\":%d,\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"id\":%d,\"delta\":true,\"result\":{\"qReturn\":[{\"op\":\"add\",\"path\":"
                                + "\"/\",\"value\":\"42.5\"}]}}"
                    },
            "refused",
                    new String[] {
                        "{\"delta\":true,\"handle\":1,\"method\":\"GetScript\",\"params\":[],\"id\":%d,\"jsonrpc\":\"2.0\"}",
                        "{\"jsonrpc\":\"2.0\",\"method\":\"OnConnected\",\"params\":{\"qSessionState\":\"SESSION_ATTACHED\"}}"
                    });

    /** The kind of message: what charts send most, or a refused one. */
    @Param({"layout", "data", "select", "chart", "evaluate", "refused"})
    public String kind;

    /** Messages prepared ahead, so the measurement holds no formatting; ids cycle through them. */
    private static final int PREPARED = 4096;

    private EngineFirewall firewall;
    private final String[] requests = new String[PREPARED];
    private final String[] answers = new String[PREPARED];
    private int next;

    @Setup(Level.Trial)
    public void setUp() {
        Settings settings = SettingsParser.parse(key -> switch (key) {
            case ALLOWED_APPS -> "app-1";
            case ENGINE_MESSAGES_PER_SECOND, ENGINE_MESSAGE_BURST -> "1000000";
            default -> null;
        });
        firewall = new EngineFirewall(
                settings,
                new io.anonkit.engine.EngineTunnel("app-1", false),
                "198.51.100.1",
                new AccessMonitor(Clock.systemUTC()),
                Clock.systemUTC());
        firewall.visitorMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"handle\":-1,\"method\":\"OpenDoc\",\"params\":[\"app-1\"]}");
        firewall.engineMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{\"qReturn\":{\"qType\":\"Doc\",\"qHandle\":1}}}");
        firewall.visitorMessage(
                "{\"jsonrpc\":\"2.0\",\"id\":2,\"handle\":1,\"method\":\"GetObject\",\"params\":[\"o\"]}");
        firewall.engineMessage("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{\"qReturn\":{\"qType\":\"GenericObject\","
                + "\"qHandle\":2}}}");
        for (int i = 0; i < PREPARED; i++) {
            requests[i] = String.format(MESSAGES.get(kind)[0], 10 + i);
            answers[i] = String.format(MESSAGES.get(kind)[1], 10 + i);
        }
    }

    /** One visitor message judged and forwarded (or refused), and the engine's answer read. */
    @Benchmark
    public Object message() {
        int i = next++ & (PREPARED - 1);
        Object decision = firewall.visitorMessage(requests[i]);
        firewall.engineMessage(answers[i]);
        return decision;
    }
}
