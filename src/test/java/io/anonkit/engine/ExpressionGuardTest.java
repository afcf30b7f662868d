package io.anonkit.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonValue;
import java.io.StringReader;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The expression guard against what an attacker would write, and against what charts write: every spelling of a call
 * that reaches beyond the app's data is found, and ordinary chart expressions are not.
 */
class ExpressionGuardTest {
    private static final ExpressionGuard GUARD = new ExpressionGuard(List.of("Allowed"));

    private static Optional<ExpressionGuard.Finding> check(String expression) {
        return GUARD.check(EngineJson.PROVIDER.createValue(expression));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(
            delimiter = '|',
            value = {
                "R.ScriptEval('x')|analytic connection|R.ScriptEval",
                "r.scripteval('x')|analytic connection|r.scripteval",
                "Py . ScriptEvalStr ( 'x' )|analytic connection|Py.ScriptEvalStr",
                "R/*a*/./*b*/ScriptEval/*c*/('x')|analytic connection|R.ScriptEval",
                "Sum(Sales) * My_Plugin.Forecast(Sales, 12)|analytic connection|My_Plugin.Forecast",
                "[My SSE].ScriptEval('x')|analytic connection|My_SSE.ScriptEval",
                "\"Py\".ScriptEval('x')|analytic connection|Py.ScriptEval",
                "Sum({<Year={\"=R.ScriptEval(1)>0\"}>} Sales)|analytic connection|R.ScriptEval",
                "Sum({<Year={\"it's\"}>} Sales) + R.ScriptEval(1) //'|analytic connection|R.ScriptEval",
                "Count({<X={`=Py.F(1)`}>} Y)|analytic connection|Py.F",
                "'=R.ScriptEval(1)'|analytic connection|R.ScriptEval",
                "2.Func(1)|analytic connection|2.Func",
                "OSUser()|system function|OSUser",
                "=osuser ()|system function|osuser",
                "='User: ' & OSUser()|system function|OSUser",
                "ComputerName/**/()|system function|ComputerName",
                "GetRegistryString('HKLM\\x', 'y')|system function|GetRegistryString",
                "If(1, DocumentPath())|system function|DocumentPath",
                "FileSize('C:\\x')|system function|FileSize",
                "QvdCreateTime('x.qvd')|system function|QvdCreateTime",
                "Evaluate('1+1')|system function|Evaluate",
                "Sum({<X={\"=GetSysAttr('a')\"}>} Y)|system function|GetSysAttr",
                "$(=Max(Year))|computed expansion|$(=...)",
                "'$( = OSUser())'|computed expansion|$(=...)",
                "Sum({<Year={$(=Max(Year))}>} Sales)|computed expansion|$(=...)",
                "[$(=1)]|computed expansion|$(=...)",
            })
    void findsWhatReachesBeyondTheAppsData(String expression, String kind, String function) {
        assertEquals(Optional.of(new ExpressionGuard.Finding(kind, function)), check(expression), expression);
    }

    @org.junit.jupiter.api.Test
    void spacesOfEveryKindMaySeparateTheNames() {
        for (String space : List.of("\t", "\n", "\r\n", "\u00A0", "\u2003", " \t ")) {
            String expression = "R" + space + "." + space + "ScriptAggr" + space + "('x', Sales)";
            assertEquals(
                    Optional.of(new ExpressionGuard.Finding("analytic connection", "R.ScriptAggr")),
                    check(expression),
                    expression);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "Sum(Sales)",
                "=Sum(Sales) / Count(DISTINCT Customer)",
                "Sum({<Year={2024}>} Sales)",
                "Sum({<Year={\"$(vYear)\"}>} Sales)",
                "Avg(Aggr(Sum(Sales), Customer))",
                "=ARGB(255, 0, 0, 255)",
                "='Total: ' & Num(Sum(Sales), '#,##0.00')",
                "Sum([Sales.Amount (EUR)])",
                "'R.ScriptEval(1)'",
                "'OSUser()'",
                "[OSUser()]",
                "Sum(Orders.Amount)",
                "1.5 * Sum(Sales)",
                "=ObjectId() & StateName()",
                "=InObject('x')",
                "=GetObjectField(0)",
                "=DocumentTitle()",
                "=ReloadTime()",
                "Allowed.ScriptEval('x')",
                "allowed . Forecast(Sales)",
                "$(vMeasure)",
                "$(vSet(2024))",
                "Version 2.14.0",
                "https://example.com/a(1)",
                "Sales.Total",
                "Concat(DISTINCT Country, ', ')",
                "=If(GetSelectedCount(Year) > 0, 'a', 'b')",
            })
    void letsChartExpressionsThrough(String expression) {
        assertEquals(Optional.empty(), check(expression), expression);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(
            strings = {
                "[{\"qOp\":\"replace\",\"qPath\":\"/title\",\"qValue\":\"\\\"=OSUser()\\\"\"}]",
                "{\"qMeasures\":[{\"qDef\":{\"qDef\":\"R.ScriptEval(1)\"}}]}",
                "[[\"a\",{\"b\":[\"x\",\"Py.ScriptEval(1)\"]}]]",
                "[{\"qValue\":\"{\\\"qDef\\\":\\\"=ComputerName()\\\"}\"}]",
            })
    void readsEveryStringOfARequestAndJsonHeldInStrings(String params) {
        try (var reader = EngineJson.READERS.createReader(new StringReader(params))) {
            JsonValue value = reader.readValue();
            assertEquals(true, GUARD.check(value).isPresent(), params);
        }
    }
}
