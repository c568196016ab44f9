package fr.douane.keycloak.it.harness;

import java.io.IOException;
import java.net.CookieManager;
import java.net.CookiePolicy;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * One browser-like visitor at the HTTP level: its own cookies, redirects followed by hand (so the
 * status of every answer is visible), an optional client address sent as X-Forwarded-For (a
 * server started with {@code --proxy-headers=xforwarded}, as the shared test server is, trusts it,
 * so rate limits per address can be exercised), and jsoup for the forms.
 */
public final class WebSession {

    /**
     * @param answers every response on the way to this page, redirects first, this page's last
     */
    public record Page(int status, URI uri, String body, List<Answer> answers) {
        public Page(int status, URI uri, String body) {
            this(status, uri, body, List.of());
        }

        public Document document() {
            return Jsoup.parse(body, uri.toString());
        }

        public Element form(String id) {
            Element form = document().getElementById(id);
            if (form == null) {
                throw new AssertionError("no form #" + id + " on " + uri + "\n" + body);
            }
            return form;
        }

        public String action(String formId) {
            return form(formId).absUrl("action");
        }

        public String text() {
            return document().text();
        }
    }

    /** One HTTP response as received: where it came from, its status and its headers. */
    public record Answer(URI uri, int status, HttpHeaders headers) {
    }

    private final HttpClient http;
    private final String clientAddress;
    private final String language;
    private final Map<String, String> extraHeaders;
    private volatile UnaryOperator<URI> route = UnaryOperator.identity();
    private volatile String accept;

    public WebSession(String clientAddress) {
        this(clientAddress, "fr");
    }

    public WebSession(String clientAddress, String language) {
        this(clientAddress, language, Map.of(), HttpClient.newBuilder());
    }

    private WebSession(String clientAddress, String language, Map<String, String> extraHeaders, HttpClient.Builder client) {
        this.http = client
                .cookieHandler(new LoopbackSecureCookies())
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build();
        this.clientAddress = clientAddress;
        this.language = language;
        this.extraHeaders = Map.copyOf(extraHeaders);
    }

    /**
     * A visitor who adds {@code headers} to every request, as anyone can: Forwarded,
     * X-Forwarded-Host, even a {@code Host} other than the URL's. It speaks HTTP/1.1, as browsers
     * do to a plain-HTTP server, so that {@code Host} is the authority the server reads (over
     * HTTP/2 the client would send the URL's authority instead). The JDK client refuses to set
     * {@code Host} unless the JVM runs with {@code -Djdk.httpclient.allowRestrictedHeaders=host}
     * (the failsafe configuration sets it).
     */
    public static WebSession forging(String clientAddress, Map<String, String> headers) {
        return new WebSession(clientAddress, "fr", headers, HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1));
    }

    /**
     * Sends every later request to {@code route.apply(url)} instead of {@code url}: with several
     * Keycloak nodes behind one public URL, the test plays the load balancer and picks the node.
     * Cookies stay with this visitor whichever node answers, as in a browser.
     */
    public WebSession routeTo(UnaryOperator<URI> route) {
        this.route = route;
        return this;
    }

    /**
     * Sends {@code Accept: mediaTypes} with every later request, as a browser does on navigation: some answers
     * depend on it (Keycloak's error handler renders the theme's error page for HTML, JSON otherwise).
     */
    public WebSession accept(String mediaTypes) {
        this.accept = mediaTypes;
        return this;
    }

    public Page get(String url) {
        return follow(request(URI.create(url)).GET().build());
    }

    public Page post(String url, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return follow(request(URI.create(url))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    /** Submits form {@code formId} of {@code page} with its hidden fields plus {@code values}. */
    public Page submit(Page page, String formId, Map<String, String> values) {
        Element form = page.form(formId);
        Map<String, String> fields = new LinkedHashMap<>();
        for (Element input : form.select("input[type=hidden]")) {
            fields.put(input.attr("name"), input.attr("value"));
        }
        fields.putAll(values);
        return post(form.absUrl("action"), fields);
    }

    private HttpRequest.Builder request(URI uri) {
        HttpRequest.Builder b = HttpRequest.newBuilder(route.apply(uri)).timeout(Duration.ofSeconds(30))
                .header("Accept-Language", language);
        if (clientAddress != null) {
            b.header("X-Forwarded-For", clientAddress);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        extraHeaders.forEach(b::header);
        return b;
    }

    private Page follow(HttpRequest first) {
        HttpRequest request = first;
        List<Answer> answers = new ArrayList<>();
        for (int hops = 0; hops < 10; hops++) {
            HttpResponse<String> response = send(request);
            int status = response.statusCode();
            answers.add(new Answer(request.uri(), status, response.headers()));
            if (status >= 300 && status < 400 && response.headers().firstValue("Location").isPresent()) {
                URI next = request.uri().resolve(response.headers().firstValue("Location").get());
                URI routed = route.apply(next);
                if (!routed.getHost().equals(request.uri().getHost()) || routed.getPort() != request.uri().getPort()) {
                    return new Page(status, next, "", List.copyOf(answers));
                }
                request = request(next).GET().build();
                continue;
            }
            return new Page(status, request.uri(), response.body(), List.copyOf(answers));
        }
        throw new AssertionError("too many redirects from " + first.uri());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IllegalStateException(request.uri().toString(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Keycloak 26 marks its cookies Secure even on http://localhost. Browsers treat loopback as a
     * secure context and keep them; the JDK's cookie manager does not, so this jar files and
     * looks up loopback cookies as if the scheme were https.
     */
    private static final class LoopbackSecureCookies extends java.net.CookieHandler {
        private final CookieManager delegate = new CookieManager(null, CookiePolicy.ACCEPT_ALL);

        @Override
        public Map<String, java.util.List<String>> get(URI uri, Map<String, java.util.List<String>> headers) throws IOException {
            return delegate.get(asHttps(uri), headers);
        }

        @Override
        public void put(URI uri, Map<String, java.util.List<String>> headers) throws IOException {
            delegate.put(asHttps(uri), headers);
        }

        private static URI asHttps(URI uri) {
            if (!"http".equals(uri.getScheme())) {
                return uri;
            }
            try {
                return new URI("https", uri.getUserInfo(), uri.getHost(), uri.getPort(), uri.getPath(), uri.getQuery(), null);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalArgumentException(e);
            }
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
