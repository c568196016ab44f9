package fr.douane.keycloak.it.ops;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One read of Keycloak's Prometheus endpoint ({@code /metrics} on the management port), as
 * Prometheus would read it: every sample line, by series (name and labels) and by name.
 */
record MetricsScrape(Map<String, Double> samples) {

    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*})?\\s+(\\S+).*$");

    static MetricsScrape of(String managementUrl) {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(managementUrl + "/metrics"))
                    .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("/metrics answered " + r.statusCode() + ": " + r.body());
            }
            return parse(r.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static MetricsScrape parse(String text) {
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + (m.group(2) == null ? "" : m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return new MetricsScrape(samples);
    }

    Set<String> names() {
        Set<String> names = new TreeSet<>();
        samples.keySet().forEach(series -> names.add(series.replaceAll("\\{.*", "")));
        return names;
    }

    /** Sum of the series of {@code name} whose labels include every one of {@code labels} ({@code key="value"}). */
    double sum(String name, String... labels) {
        double total = 0;
        for (Map.Entry<String, Double> e : samples.entrySet()) {
            String series = e.getKey();
            if (!series.equals(name) && !series.startsWith(name + "{")) {
                continue;
            }
            boolean all = true;
            for (String label : labels) {
                all &= series.contains(label);
            }
            if (all && !e.getValue().isNaN()) {
                total += e.getValue();
            }
        }
        return total;
    }

    boolean has(String name, String... labels) {
        return samples.keySet().stream().anyMatch(series -> (series.equals(name) || series.startsWith(name + "{"))
                && java.util.Arrays.stream(labels).allMatch(series::contains));
    }
}
