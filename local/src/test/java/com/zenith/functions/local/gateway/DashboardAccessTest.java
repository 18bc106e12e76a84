package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard's login, session cookie and origin rules, and its two event streams, over real HTTP
 * against the gateway (the browser test drives the same through Chromium).
 */
class DashboardAccessTest {
  private static final String TOKEN = "the-engine-token";
  private static final String SESSION = "derived-session-value";

  @TempDir Path logs;
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private volatile String functions = "{\"functions\":[{\"name\":\"a\"}]}";
  private Gateway gateway;
  private int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  @BeforeEach
  void start() {
    ControlApi control =
        new ControlApi() {
          @Override
          public boolean authorized(String authorization) {
            return ("Bearer " + TOKEN).equals(authorization);
          }

          @Override
          public String functionsJson() {
            return functions;
          }

          @Override
          public String dashboardSession() {
            return SESSION;
          }

          @Override
          public Answer deadLetters(boolean replay) {
            return new Answer(200, replay ? "{\"replayed\":0}" : "[]");
          }

          @Override
          public Path logFile(String namespace, String name, boolean build) {
            return namespace.equals("default") && name.equals("fn")
                ? logs.resolve(build ? "fn-build.log" : "fn.log")
                : null;
          }
        };
    gateway =
        new Gateway(
            new RouteTable(),
            (caller, method, target, path, status, millis) ->
                accessLines.add(method + " " + path + " " + status),
            control,
            "127.0.0.1");
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  private HttpResponse<String> get(String path, String... headers) throws Exception {
    return send("GET", path, headers);
  }

  private HttpResponse<String> send(String method, String path, String... headers)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String cookie() {
    return "zenith-session-" + port + "=" + SESSION;
  }

  @Test
  void theTokenLinkSetsAnHttpOnlyStrictCookieAndRedirectsToTheUrlWithoutTheToken()
      throws Exception {
    HttpResponse<String> r = get("/_zenith/ui/?token=" + TOKEN);

    assertThat(r.statusCode()).isEqualTo(303);
    assertThat(r.headers().firstValue("Location")).hasValue("/_zenith/ui/");
    String setCookie = r.headers().firstValue("Set-Cookie").orElseThrow();
    java.net.HttpCookie parsed = java.net.HttpCookie.parse(setCookie).get(0);
    assertThat(parsed.getName()).isEqualTo("zenith-session-" + port);
    assertThat(parsed.getValue()).isEqualTo(SESSION);
    assertThat(parsed.isHttpOnly()).isTrue();
    assertThat(parsed.getPath()).isEqualTo("/_zenith/");
    assertThat(setCookie).containsIgnoringCase("SameSite=Strict").doesNotContain(TOKEN);
    // The line is recorded once the answer has been sent, which can be after the client has it.
    com.zenith.functions.local.events.BrokerHarness.await(
        () -> accessLines.stream().anyMatch(l -> l.contains("303")));
    assertThat(accessLines).noneMatch(l -> l.contains(TOKEN)).anyMatch(l -> l.contains("303"));
  }

  @Test
  void aWrongTokenGets401AndNoCookie() throws Exception {
    HttpResponse<String> r = get("/_zenith/ui/?token=guess");

    assertThat(r.statusCode()).isEqualTo(401);
    assertThat(r.headers().firstValue("Set-Cookie")).isEmpty();
    assertThat(r.body()).contains("Open the dashboard URL that zenith dev printed");
  }

  @Test
  void theSessionCookieOrTheTokenGrantTheEnginesEndpointsAndNothingElseDoes() throws Exception {
    assertThat(get("/_zenith/v1/functions", "Cookie", cookie()).statusCode()).isEqualTo(200);
    assertThat(get("/_zenith/v1/functions", "Cookie", cookie()).body()).isEqualTo(functions);
    assertThat(get("/_zenith/v1/functions", "Authorization", "Bearer " + TOKEN).statusCode())
        .isEqualTo(200);

    assertThat(get("/_zenith/v1/functions").statusCode()).isEqualTo(401);
    assertThat(get("/_zenith/v1/functions").body()).contains("dashboard URL zenith dev printed");
    assertThat(get("/_zenith/v1/functions", "Cookie", "zenith-session-" + port + "=x").statusCode())
        .isEqualTo(401);
    // The value of another engine's cookie name (another port) is not this engine's session.
    assertThat(get("/_zenith/v1/functions", "Cookie", "zenith-session-1=" + SESSION).statusCode())
        .isEqualTo(401);
    // The token is not a session cookie value.
    assertThat(get("/_zenith/v1/functions", "Cookie", "zenith-session-" + port + "=" + TOKEN))
        .extracting(HttpResponse::statusCode)
        .isEqualTo(401);
    assertThat(get("/_zenith/v1/updates").statusCode()).isEqualTo(401);
    assertThat(get("/_zenith/v1/logs/default/fn").statusCode()).isEqualTo(401);
  }

  @Test
  void theDashboardsOwnOriginMayPostAndEveryOtherPageIsRefused() throws Exception {
    String replay = "/_zenith/v1/events/dead-letters/replay";
    for (String own : List.of("http://127.0.0.1:" + port, "http://localhost:" + port)) {
      HttpResponse<String> r = send("POST", replay, "Origin", own, "Cookie", cookie());
      assertThat(r.statusCode()).as(own).isEqualTo(200);
      assertThat(r.body()).isEqualTo("{\"replayed\":0}");
    }
    for (String foreign :
        List.of(
            "http://evil.example",
            "http://127.0.0.1:" + (port + 1),
            "https://127.0.0.1:" + port,
            "null")) {
      assertThat(send("POST", replay, "Origin", foreign, "Cookie", cookie()).statusCode())
          .as(foreign)
          .isEqualTo(403);
    }
    // The dashboard's origin is for the engine's endpoints only, not for reaching functions.
    String own = "http://127.0.0.1:" + port;
    assertThat(send("POST", "/_zenith/broker/default/default", "Origin", own).statusCode())
        .isEqualTo(403);
    assertThat(get("/_zenith/fn/default/fn/", "Origin", own).statusCode()).isEqualTo(403);
    assertThat(get("/v1.0/invoke/fn/method/x", "Origin", "http://evil.example").statusCode())
        .isEqualTo(403);
  }

  @Test
  void aBrowserMayNotOpenAFunctionAtTheEnginesOwnAddress() throws Exception {
    HttpResponse<String> page = get("/_zenith/fn/default/fn/", "Sec-Fetch-Dest", "document");
    assertThat(page.statusCode()).isEqualTo(403);
    assertThat(page.body()).contains("share the dashboard's origin");
    assertThat(get("/v1.0/invoke/fn/method/x", "Sec-Fetch-Dest", "iframe").statusCode())
        .isEqualTo(403);
    // A program's fetch (Sec-Fetch-Dest: empty, or none) goes on as before: here, to an unknown
    // function.
    assertThat(get("/_zenith/fn/default/fn/", "Sec-Fetch-Dest", "empty").statusCode())
        .isEqualTo(404);
    assertThat(get("/_zenith/fn/default/fn/").statusCode()).isEqualTo(404);
  }

  @Test
  void thePageIsServedFromTheJarWithHeadersThatKeepOtherCodeOut() throws Exception {
    HttpResponse<String> index = get("/_zenith/ui/");
    assertThat(index.statusCode()).isEqualTo(200);
    assertThat(index.headers().firstValue("Content-Type")).hasValue("text/html; charset=utf-8");
    assertThat(index.headers().firstValue("Content-Security-Policy").orElseThrow())
        .contains("default-src 'none'")
        .contains("script-src 'self'")
        .contains("frame-ancestors 'none'");
    assertThat(index.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(index.body()).contains("<script src=\"app.js\"></script>").doesNotContain("http");

    HttpResponse<String> js = get("/_zenith/ui/app.js");
    assertThat(js.statusCode()).isEqualTo(200);
    assertThat(js.headers().firstValue("Content-Type")).hasValue("text/javascript; charset=utf-8");
    assertThat(get("/_zenith/ui/../../etc/passwd").statusCode()).isEqualTo(404);
    assertThat(get("/_zenith/ui/nothing.js").statusCode()).isEqualTo(404);
    assertThat(get("/_zenith/ui").statusCode()).isEqualTo(303);
    assertThat(send("POST", "/_zenith/ui/").statusCode()).isEqualTo(405);
  }

  /** Data lines of a server-sent event stream, as they arrive. */
  private BlockingQueue<String> stream(String path) {
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    http.sendAsync(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
            .header("Cookie", cookie())
            .build(),
        HttpResponse.BodyHandlers.fromLineSubscriber(
            new java.util.concurrent.Flow.Subscriber<String>() {
              @Override
              public void onSubscribe(java.util.concurrent.Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
              }

              @Override
              public void onNext(String line) {
                lines.add(line);
              }

              @Override
              public void onError(Throwable t) {}

              @Override
              public void onComplete() {
                lines.add("<end>");
              }
            }));
    return lines;
  }

  private static String awaitLine(BlockingQueue<String> lines, String prefix) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      String l = lines.poll(100, TimeUnit.MILLISECONDS);
      if (l != null && l.startsWith(prefix)) {
        return l;
      }
    }
    throw new AssertionError("no line starting with " + prefix + " within 10 s");
  }

  @Test
  void aLogStreamSendsTheLastLinesThenEachAppendedLine() throws Exception {
    Path log = logs.resolve("fn.log");
    Files.writeString(log, "one\ntwo\nthree\n");
    BlockingQueue<String> lines = stream("/_zenith/v1/logs/default/fn?tail=2&follow=1");

    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: two");
    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: three");
    Files.writeString(log, "four, written while the page watches\n", StandardOpenOption.APPEND);
    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: four, written while the page watches");
  }

  @Test
  void aLogStreamWithoutFollowEndsAfterTheTailAndAnUnknownFunctionIs404() throws Exception {
    Files.writeString(logs.resolve("fn-build.log"), "[INFO] BUILD FAILURE\n");
    BlockingQueue<String> lines = stream("/_zenith/v1/logs/default/fn?build=1");
    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: [INFO] BUILD FAILURE");
    assertThat(awaitLine(lines, "<end>")).isEqualTo("<end>");

    assertThat(get("/_zenith/v1/logs/default/other", "Cookie", cookie()).statusCode())
        .isEqualTo(404);
    assertThat(get("/_zenith/v1/logs/default/fn?tail=-1", "Cookie", cookie()).statusCode())
        .isEqualTo(400);
  }

  @Test
  void theUpdatesStreamPushesAChangeWithoutBeingAsked() throws Exception {
    BlockingQueue<String> lines = stream("/_zenith/v1/updates");
    assertThat(awaitLine(lines, "event: functions")).isNotNull();
    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: " + functions);

    functions = "{\"functions\":[{\"name\":\"b\"}]}";

    assertThat(awaitLine(lines, "event: functions")).isNotNull();
    assertThat(awaitLine(lines, "data: ")).isEqualTo("data: " + functions);
  }

  @Test
  void anEventsDataWithLineBreaksBecomesOneDataLinePerLine() {
    assertThat(ServerSentEvents.frame("line", "a\nb\r\nc"))
        .isEqualTo("event: line\ndata: a\ndata: b\ndata: c\n\n");
    assertThat(Stream.of(ServerSentEvents.keepAlive())).allMatch(s -> s.startsWith(":"));
  }
}
