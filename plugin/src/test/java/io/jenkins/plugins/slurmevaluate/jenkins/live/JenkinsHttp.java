package io.jenkins.plugins.slurmevaluate.jenkins.live;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Jenkins' HTTP API as a user sees it: HTTP basic authentication with the admin's password, and for every POST a
 * fresh CSRF crumb, which Jenkins binds to the session, hence the cookie store.
 */
final class JenkinsHttp {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(250);

    private final URI base;
    private final String authorization;
    private final HttpClient client;

    JenkinsHttp(URI base, String user, String password) {
        this.base = base;
        this.authorization = "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        this.client = HttpClient.newBuilder().cookieHandler(new CookieManager()).connectTimeout(Duration.ofSeconds(10))
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The body of {@code GET path}; fails on any status but 200. */
    String get(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = send(request(path).GET());
        assertEquals(200, r.statusCode(), "GET " + path);
        return r.body();
    }

    JsonNode json(String path) throws IOException, InterruptedException {
        return JSON.readTree(get(path));
    }

    /** {@code POST path} with a form body and the crumb of this session. */
    HttpResponse<String> post(String path, Map<String, String> form) throws IOException, InterruptedException {
        JsonNode crumb = json("crumbIssuer/api/json");
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return send(request(path).header(crumb.get("crumbRequestField").asText(), crumb.get("crumb").asText())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    /** Queues a build of {@code job} with these parameters and returns its number once it has left the queue. */
    int build(String job, Map<String, String> parameters) throws IOException, InterruptedException {
        HttpResponse<String> r = post("job/" + job + "/buildWithParameters", parameters);
        assertEquals(201, r.statusCode(), "buildWithParameters: " + r.body());
        String item = base.relativize(URI.create(r.headers().firstValue("Location").orElseThrow())).getPath();
        JsonNode executable = poll(Duration.ofMinutes(2), "queue item " + item + " to start",
                () -> json(item + "api/json").path("executable"), e -> e.has("number"));
        return executable.get("number").asInt();
    }

    /** The build's JSON once it is over. */
    JsonNode waitForBuild(String job, int number, Duration timeout) throws IOException, InterruptedException {
        return poll(timeout, job + " #" + number + " to end", () -> json("job/" + job + "/" + number + "/api/json"),
                b -> !b.path("building").asBoolean(true));
    }

    String log(String job, int number) throws IOException, InterruptedException {
        return get("job/" + job + "/" + number + "/consoleText");
    }

    /** The build's log once {@code what} appears {@code times} times in it. */
    String waitForLog(String job, int number, String what, int times, Duration timeout)
            throws IOException, InterruptedException {
        return poll(timeout, "'" + what + "' x" + times + " in the log of " + job + " #" + number,
                () -> log(job, number), log -> Texts.count(log, what) >= times);
    }

    interface Call<T> {
        T call() throws IOException, InterruptedException;
    }

    /** Calls {@code call} until {@code done} holds for its value; fails after {@code timeout}. */
    static <T> T poll(Duration timeout, String what, Call<T> call, Predicate<T> done)
            throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (true) {
            T value = call.call();
            if (done.test(value)) {
                return value;
            }
            if (Instant.now().isAfter(deadline)) {
                String last = String.valueOf(value);
                last = last.length() > 2000 ? "..." + last.substring(last.length() - 2000) : last;
                throw new AssertionError("waited " + timeout.toSeconds() + " s for " + what + "; last: " + last);
            }
            Thread.sleep(POLL.toMillis());
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(base.resolve(path)).header("Authorization", authorization)
                .timeout(Duration.ofSeconds(30));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
