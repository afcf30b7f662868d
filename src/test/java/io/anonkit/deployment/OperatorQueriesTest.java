package io.anonkit.deployment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.anonkit.testing.Commands;
import io.anonkit.testing.RequiredTool;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The operators' files hold together: the dashboard and the rules parse, their metric names are read as Prometheus
 * reads them, and {@code promtool} accepts the rules and passes their unit tests. That every name is one the kit
 * exports is checked against a live scrape in {@code OperatorToolsIT}.
 */
class OperatorQueriesTest {
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "sum by (route, status_class) (rate(anonkit_proxy_requests_total{job=~\"$job\"}[$__rate_interval]))"
                        + " | anonkit_proxy_requests_total",
                "histogram_quantile(0.95, sum by (le) (rate(anonkit_proxy_upstream_seconds_bucket[5m])))"
                        + " | anonkit_proxy_upstream_seconds_bucket",
                "a_total > 0.2 * on (instance) b{reason!=\"x y\"} and ignoring (code) c offset 5m | a_total b c",
                "up{job=\"qlik-anon-kit\"} == 0 | up",
                "max(x) >= bool 1e3 unless y | x y"
            })
    void metricNamesAreWhatAQueryReads(String query, String names) {
        assertEquals(Set.of(names.trim().split(" ")), OperatorQueries.metricNames(query.trim()));
    }

    @org.junit.jupiter.api.Test
    void theDashboardHasAPanelForEachConcernAndTheRulesAnAlertForEach() throws Exception {
        Map<String, String> panels = OperatorQueries.dashboard();
        for (String concern : List.of(
                "Requests by route and status",
                "Qlik latency",
                "Refusals by reason",
                "Engine tunnels",
                "Engine frames",
                "Pooled Qlik sessions",
                "Asset cache",
                "Engine sessions and budget",
                "JVM memory",
                "Threads")) {
            assertTrue(panels.containsKey(concern + " A"), concern + " in " + panels.keySet());
        }
        assertEquals(
                List.of(
                        "AnonkitNodeDown",
                        "AnonkitAllNodesDown",
                        "AnonkitQlikUnreachable",
                        "AnonkitDatabaseUnreachable",
                        "AnonkitDatabaseNotificationsStopped",
                        "AnonkitRefusalSurge",
                        "AnonkitNoPooledSessions",
                        "AnonkitEngineSessionsAtBudget",
                        "AnonkitTunnelsNearLimit"),
                List.copyOf(OperatorQueries.alerts().keySet()));
        for (String query : panels.values()) {
            assertTrue(query.contains("job=~\"$job\",instance=~\"$instance\""), "filtered by the variables: " + query);
        }
    }

    @org.junit.jupiter.api.Test
    void promtoolAcceptsTheRulesAndTheirUnitTestsPass() throws Exception {
        RequiredTool.require(RequiredTool.PROMTOOL);
        String checked = Commands.run(
                OperatorQueries.RULES.getParent(),
                Duration.ofSeconds(60),
                List.of(
                        "promtool",
                        "check",
                        "rules",
                        OperatorQueries.RULES.getFileName().toString()));
        assertTrue(checked.contains("SUCCESS: 9 rules found"), checked);
        String tested = Commands.run(
                OperatorQueries.RULES.getParent(),
                Duration.ofSeconds(60),
                List.of(
                        "promtool",
                        "test",
                        "rules",
                        OperatorQueries.RULE_TESTS.getFileName().toString()));
        assertTrue(tested.contains("SUCCESS"), tested);
    }
}
