package fr.douane.keycloak.it.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import fr.douane.keycloak.it.harness.Paths;
import fr.douane.keycloak.metrics.PackMetrics;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

/**
 * The Grafana dashboard and the Prometheus alert rules under deploy/ query only metrics that
 * exist: the pack's own (the names its code declares, {@link PackMetrics}) and Keycloak's (the
 * list deploy/keycloak-metrics.txt, which {@code MetricsIT} checks against a real scrape). A
 * misspelt or renamed metric makes a panel empty and an alert silent without any error, so
 * each name is checked here.
 */
class DeployFilesTest {

    private static final Path DEPLOY = Paths.projectRoot().resolve("deploy");

    /** PromQL functions, aggregations, keywords and Grafana's label_values. */
    private static final Set<String> PROMQL_WORDS = Set.of("sum", "min", "max", "avg", "count", "stddev", "topk", "bottomk",
            "quantile", "rate", "irate", "increase", "delta", "deriv", "histogram_quantile", "abs", "clamp_min", "clamp_max",
            "vector", "scalar", "time", "absent", "absent_over_time", "avg_over_time", "max_over_time", "min_over_time",
            "sum_over_time", "count_over_time", "label_replace", "label_join", "round", "ceil", "floor", "sort", "sort_desc",
            "and", "or", "unless", "offset", "bool", "by", "without", "on", "ignoring", "group_left", "group_right",
            "label_values", "inf", "nan");

    @Test
    void everyMetricTheDashboardAndTheAlertsQueryIsExported() throws IOException {
        Set<String> known = new TreeSet<>(PackMetrics.exported());
        known.addAll(keycloakMetrics());
        List<String> expressions = new ArrayList<>(dashboardExpressions());
        expressions.addAll(alertExpressions());
        assertThat(expressions).hasSizeGreaterThan(10);
        Set<String> used = new TreeSet<>();
        for (String expr : expressions) {
            Set<String> names = metricNames(expr);
            assertThat(names).as("metrics in " + expr).isNotEmpty();
            used.addAll(names);
        }
        assertThat(used).as("metrics queried by deploy/ that neither the pack nor Keycloak exports").isSubsetOf(known);
        // The dashboard shows each of the pack's meters and Keycloak's user events.
        assertThat(used).contains("douane_reset_outcomes_total", "douane_reset_mail_failures_total",
                "douane_reset_jobs_pending", "douane_reset_jobs_dropped_total", "douane_portailpro_query_seconds_bucket",
                "douane_portailpro_errors_total", "hikaricp_connections_active", "keycloak_user_events_total");
    }

    @Test
    void theAlertRulesCoverTheDirectoryTheMailsAndASpikeOfResetRequests() throws IOException {
        Map<String, String> alerts = alerts();
        assertThat(alerts).containsKeys("DouanePortailproDirectoryUnreachable", "DouaneResetMailFailures",
                "DouaneResetRequestSpike");
        assertThat(metricNames(alerts.get("DouanePortailproDirectoryUnreachable"))).contains("douane_portailpro_errors_total");
        assertThat(metricNames(alerts.get("DouaneResetMailFailures"))).contains("douane_reset_mail_failures_total");
        assertThat(metricNames(alerts.get("DouaneResetRequestSpike"))).contains("douane_reset_outcomes_total");
    }

    @Test
    void theCheckFindsAMetricThatDoesNotExist() {
        assertThat(metricNames("sum by (outcome) (rate(douane_reset_outcome_total{realm=~\"$realm\", x=\"a b\"}[$__rate_interval]))"
                + " / on (instance) group_left max(keycloak_user_events_total) > 0.5 and label_values(hikaricp_made_up, pool)"))
                .containsExactlyInAnyOrder("douane_reset_outcome_total", "keycloak_user_events_total", "hikaricp_made_up");
        assertThat(PackMetrics.exported()).doesNotContain("douane_reset_outcome_total", "hikaricp_made_up");
    }

    /** The metric names of a PromQL expression (or of a Grafana label_values query). */
    static Set<String> metricNames(String expr) {
        String s = expr.replaceAll("\"(?:[^\"\\\\]|\\\\.)*\"", "\"\"") // strings (label values, regexes)
                .replaceAll("\\{[^}]*}", " ")                             // label matchers
                .replaceAll("\\[[^]]*]", " ")                             // ranges
                .replaceAll("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)", " ") // label lists
                .replaceAll("label_values\\s*\\(([^,)]+),[^)]*\\)", "$1")  // label_values(metric, label)
                .replaceAll("\\$\\w+", " ");                               // Grafana variables
        Set<String> names = new TreeSet<>();
        Matcher m = Pattern.compile("(?<![\\w.])([a-zA-Z_:][a-zA-Z0-9_:]*)").matcher(s);
        while (m.find()) {
            String word = m.group(1);
            if (!PROMQL_WORDS.contains(word.toLowerCase(java.util.Locale.ROOT)) && !word.matches("\\d.*")) {
                names.add(word);
            }
        }
        return names;
    }

    private static List<String> keycloakMetrics() throws IOException {
        return Files.readAllLines(DEPLOY.resolve("keycloak-metrics.txt"), StandardCharsets.UTF_8).stream()
                .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    }

    private static List<String> dashboardExpressions() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(DEPLOY.resolve("grafana-dashboard.json").toFile());
        List<String> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(panel.path("targets").size()).as(panel.path("title").asText()).isPositive();
            for (JsonNode target : panel.path("targets")) {
                out.add(target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            JsonNode query = variable.path("query");
            out.add(query.isTextual() ? query.asText() : query.path("query").asText());
        }
        return out;
    }

    private static List<String> alertExpressions() throws IOException {
        return new ArrayList<>(alerts().values());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, String> alerts() throws IOException {
        Map<String, String> alerts = new java.util.LinkedHashMap<>();
        try (Reader reader = Files.newBufferedReader(DEPLOY.resolve("prometheus-alerts.yaml"), StandardCharsets.UTF_8)) {
            Map<String, Object> rules = new Yaml().load(reader);
            for (Object group : (List<Object>) rules.get("groups")) {
                for (Object rule : (List<Object>) ((Map<String, Object>) group).get("rules")) {
                    Map<String, Object> r = (Map<String, Object>) rule;
                    alerts.put(r.get("alert").toString(), r.get("expr").toString());
                }
            }
        }
        return alerts;
    }
}
