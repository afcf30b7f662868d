package io.anonkit.deployment;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The PromQL of the operators' files: every query of the Grafana dashboard ({@code deploy/grafana}), every alerting
 * rule ({@code deploy/prometheus}), and the metric names each one reads, so that tests can hold them to what the kit
 * exports.
 */
final class OperatorQueries {
    static final Path DASHBOARD = Path.of("deploy", "grafana", "qlik-anon-kit.json");
    static final Path RULES = Path.of("deploy", "prometheus", "qlik-anon-kit-alerts.yml");
    static final Path RULE_TESTS = Path.of("deploy", "prometheus", "qlik-anon-kit-alerts.test.yml");
    /** The job name the rules expect the kit to be scraped under. */
    static final String JOB = "qlik-anon-kit";

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> KEYWORDS = Set.of(
            "and",
            "or",
            "unless",
            "by",
            "without",
            "on",
            "ignoring",
            "group_left",
            "group_right",
            "bool",
            "offset",
            "inf",
            "nan");

    private OperatorQueries() {}

    /** Each dashboard query by panel title and reference ("Qlik latency B"), in the dashboard's order. */
    static Map<String, String> dashboard() throws Exception {
        Map<String, String> queries = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(DASHBOARD);
                JsonReader json = Json.createReader(reader)) {
            for (JsonValue panel : json.readObject().getJsonArray("panels")) {
                JsonObject object = panel.asJsonObject();
                if (!object.containsKey("targets")) {
                    continue;
                }
                for (JsonValue target : object.getJsonArray("targets")) {
                    JsonObject each = target.asJsonObject();
                    queries.put(object.getString("title") + " " + each.getString("refId"), each.getString("expr"));
                }
            }
        }
        return queries;
    }

    /** Each alerting rule's expression by alert name. */
    @SuppressWarnings("unchecked")
    static Map<String, String> alerts() throws Exception {
        Map<String, String> alerts = new LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(RULES)) {
            Map<String, Object> file = new Yaml(new SafeConstructor(new LoaderOptions())).load(reader);
            for (Object group : (List<Object>) file.get("groups")) {
                for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                    Map<String, Object> fields = (Map<String, Object>) rule;
                    alerts.put((String) fields.get("alert"), ((String) fields.get("expr")).strip());
                }
            }
        }
        return alerts;
    }

    /** A dashboard query as Prometheus can run it: the dashboard's variables given their widest values. */
    static String runnable(String query) {
        return query.replace("$__rate_interval", "1m").replace("$job", JOB).replace("$instance", ".*");
    }

    /**
     * The metric names {@code query} reads: its identifiers less label matchers, ranges, grouping labels, function
     * names and keywords.
     */
    static Set<String> metricNames(String query) {
        String bare = query.replaceAll("\"(\\\\.|[^\"\\\\])*\"", "\"\"")
                .replaceAll("\\{[^}]*}", " ")
                .replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ");
        Set<String> names = new TreeSet<>();
        Matcher token = NAME.matcher(bare);
        while (token.find()) {
            String name = token.group();
            boolean call = bare.substring(token.end()).matches("(?s)\\s*\\(.*");
            boolean number = token.start() > 0 && Character.isDigit(bare.charAt(token.start() - 1));
            if (!call && !number && !KEYWORDS.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                names.add(name);
            }
        }
        return names;
    }

    /** Every metric name the dashboard and the rules read, with where each is read. */
    static Map<String, List<String>> allMetricNames() throws Exception {
        Map<String, List<String>> readers = new LinkedHashMap<>();
        dashboard()
                .forEach((where, query) -> metricNames(query)
                        .forEach(name -> readers.computeIfAbsent(name, key -> new ArrayList<>())
                                .add("panel " + where)));
        alerts().forEach((where, query) -> metricNames(query)
                .forEach(name ->
                        readers.computeIfAbsent(name, key -> new ArrayList<>()).add("alert " + where)));
        return readers;
    }
}
