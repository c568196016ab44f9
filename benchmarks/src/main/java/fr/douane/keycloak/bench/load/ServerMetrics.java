package fr.douane.keycloak.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Keycloak's Prometheus endpoint ({@code /metrics} on the management port; the server must be
 * built with {@code --metrics-enabled=true}), read as a list of samples. Over HTTPS the management
 * interface speaks TLS like the server; both schemes are tried once, the one that answers kept.
 */
final class ServerMetrics {

    /** One line of the exposition: name, the text between braces, value. */
    record Sample(String name, String labels, double value) {
        boolean has(String label, String value) {
            return labels.contains(label + "=\"" + value + "\"");
        }
    }

    private final HttpClient http;
    private final List<URI> candidates;
    private URI endpoint;

    ServerMetrics(HttpClient http, String managementUrl) {
        this.http = http;
        String hostPort = managementUrl.substring(managementUrl.indexOf("://") + 3);
        this.candidates = List.of(URI.create("https://" + hostPort + "/metrics"), URI.create("http://" + hostPort + "/metrics"));
    }

    /** The current samples, or an empty list when the endpoint does not answer (metrics off, server busy). */
    List<Sample> read() {
        for (URI uri : endpoint != null ? List.of(endpoint) : candidates) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    endpoint = uri;
                    return parse(r.body());
                }
            } catch (IOException e) {
                // the other scheme, or nothing this time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }

    static List<Sample> parse(String text) {
        List<Sample> samples = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.lastIndexOf(' ');
            if (space < 0) {
                continue;
            }
            String name = brace >= 0 && brace < space ? line.substring(0, brace) : line.substring(0, line.indexOf(' '));
            String labels = brace >= 0 && brace < space ? line.substring(brace + 1, line.lastIndexOf('}')) : "";
            try {
                samples.add(new Sample(name, labels, Double.parseDouble(line.substring(space + 1).trim())));
            } catch (NumberFormatException e) {
                // a timestamp or an unusual value: not needed here
            }
        }
        return samples;
    }

    /** The sum of the samples of {@code name} that {@code which} accepts; NaN when there is none. */
    static double sum(List<Sample> samples, String name, Predicate<Sample> which) {
        List<Sample> found = samples.stream().filter(s -> s.name().equals(name) && which.test(s)).toList();
        return found.isEmpty() ? Double.NaN : found.stream().mapToDouble(Sample::value).sum();
    }

    static double sum(List<Sample> samples, String name) {
        return sum(samples, name, s -> true);
    }

    /** The Portailpro pools' samples of a HikariCP meter (pool names {@code douane-portailpro-<component>}). */
    static double portailproPool(List<Sample> samples, String name) {
        return sum(samples, name, s -> s.labels().contains("pool=\"douane-portailpro-"));
    }
}
