package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Acceptance: the dashboard in a real headless Chromium against a real engine running the financial
 * example, plus a broker and a subscriber that refuses its first event: the three functions Ready,
 * a transaction's trace and call graph, a log line arriving live, a dead letter replayed from the
 * page, and no data without the token. Screenshots of each view go to
 * target/dashboard-screenshots/engine-*.png.
 */
class DashboardEngineTest {
  private static final Path FINANCIAL =
      Path.of("..", "examples", "financial").toAbsolutePath().normalize();
  // Kept between runs (under target/, not committed): the three Java builds are done once.
  private static final Path CACHE = Path.of("target", "dashboard-engine-cache").toAbsolutePath();
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String[] FINANCIAL_FUNCTIONS = {
    "audit-logger", "balance-manager", "transaction-processor"
  };

  @TempDir Path work;
  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  /** True once the traces package (OTLP receiver, span store, call graph) is in this build. */
  private static boolean tracesBuiltIn() {
    try {
      Class.forName("com.zenith.functions.local.traces.TracesApi");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }

  /** A Broker and a Python subscriber that answers 400 to its first event and 200 afterwards. */
  private Path rejecter() throws Exception {
    Path dir = Files.createDirectories(work.resolve("manifests"));
    Path src = Files.createDirectories(dir.resolve("rejecter"));
    Files.writeString(src.resolve("requirements.txt"), "# standard library only\n");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        seen = []

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                seen.append(self.headers.get("ce-id"))
                status = 400 if len(seen) == 1 else 200
                print("event", self.headers.get("ce-id"), "answered", status, flush=True)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass

        ThreadingHTTPServer((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
        """);
    Files.writeString(
        dir.resolve("rejecter.yaml"),
        TestManifests.function(
                "rejecter",
                """
                  deploy: {}
                  eventing:
                    broker: default
                    filters:
                      type: com.example.rejected
                """)
            + """
            ---
            apiVersion: eventing.knative.dev/v1
            kind: Broker
            metadata:
              name: default
            """);
    return dir;
  }

  private HttpResponse<String> call(Engine engine, String method, String path, String body)
      throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + engine.port() + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .method(method, HttpRequest.BodyPublishers.ofString(body == null ? "" : body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theDashboardShowsTheFinancialSystemLiveAndReplaysADeadLetter() throws Exception {
    Toolchains.require("mvn", "python3");
    Path extra = rejecter();
    for (Path p : List.of(FINANCIAL, extra)) {
      ValidationResult r = new ManifestValidator().validatePaths(List.of(p), false);
      assertThat(r.hasErrors()).as(r.diagnostics().toString()).isFalse();
    }
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    try (Engine engine =
            new Engine(
                PolyglotDevSessionTest.options(
                    CACHE,
                    work.resolve("state"),
                    new PrintStream(console, true, StandardCharsets.UTF_8),
                    FINANCIAL,
                    extra));
        Browser b = Browser.start(work)) {
      engine.start();
      assertThat(engine.awaitSettled(Duration.ofMinutes(5))).as("ready: %s", console).isTrue();
      // The printed line, as Jupyter prints its URL with the token.
      Matcher printed =
          Pattern.compile("dashboard: (http://127\\.0\\.0\\.1:\\d+/_zenith/ui/)\\?token=(\\S+)")
              .matcher(console.toString(StandardCharsets.UTF_8));
      assertThat(printed.find()).as("console: %s", console).isTrue();
      assertThat(printed.group(1)).isEqualTo(engine.dashboardUrl());
      assertThat(printed.group(2)).isEqualTo(engine.token());

      // Without the token: the page loads, every data request is refused and the page says so.
      assertThat(call(engine, "GET", "/_zenith/v1/functions", null).statusCode()).isEqualTo(401);
      b.open(engine.dashboardUrl());
      b.waitFor("#banner[data-status='401']", "401 Unauthorized", 20_000);
      assertThat(b.texts("#fn-table tbody tr")).isEmpty();
      b.screenshot("engine-unauthorized");

      // The printed URL logs in and lands on the URL without the token.
      JsonNode opened = b.open(printed.group(0).substring("dashboard: ".length()));
      assertThat(opened.path("url").asText()).isEqualTo(engine.dashboardUrl());
      JsonNode cookie = b.cookies().get(0);
      assertThat(cookie.path("httpOnly").asBoolean()).isTrue();
      assertThat(cookie.path("sameSite").asText()).isEqualTo("Strict");
      assertThat(cookie.path("value").asText()).isNotEqualTo(engine.token());
      for (String f : FINANCIAL_FUNCTIONS) {
        assertThat(b.waitFor("tr.fn-row[data-key='default/" + f + "']", "Ready", 20_000))
            .doesNotContain("Not ready");
        assertThat(b.texts("tr.fn-row[data-key='default/" + f + "']").get(0))
            .contains("http://" + f + ".default.");
      }

      // A transaction: its audit line appears in the open log panel without a reload.
      b.click("tr.fn-row[data-key='default/audit-logger']");
      b.waitFor("tr.cond[data-type='BuildSucceeded']", "True", 10_000);
      b.waitFor("#log-state", "log of audit-logger, live", 10_000);
      String account = "ACC-DASH-" + System.nanoTime();
      HttpResponse<String> tx =
          call(
              engine,
              "POST",
              "/_zenith/fn/default/transaction-processor/transaction",
              "{\"account\": \"" + account + "\", \"amount\": 12.5}");
      assertThat(tx.statusCode()).as(tx.body()).isEqualTo(200);
      assertThat(b.waitFor("#log .line", account, 20_000)).contains("[AUDIT]");
      b.screenshot("engine-functions");

      b.click("a[data-tab='graph']");
      b.click("a[data-tab='traces']");
      if (tracesBuiltIn()) {
        b.click("a[data-tab='graph']");
        b.waitFor(
            "g[data-edge='default/transaction-processor->default/balance-manager'] text",
            "req",
            20_000);
        b.screenshot("engine-graph");
        b.click("a[data-tab='traces']");
        b.waitFor("tr.trace-row", "transaction-processor", 20_000);
        b.click("tr.trace-row");
        for (String f : FINANCIAL_FUNCTIONS) {
          b.waitFor(".waterfall .span-row[data-service='" + f + "']", f, 20_000);
        }
        b.screenshot("engine-traces");
      } else {
        // This build has no span store or call graph yet (they come with the traces package):
        // the engine answers 404 and the views say so instead of failing.
        b.click("a[data-tab='graph']");
        b.waitFor("#graph-note", "not available from this engine", 10_000);
        b.screenshot("engine-graph");
        b.click("a[data-tab='traces']");
        b.waitFor("#traces-note", "not available from this engine", 10_000);
        b.screenshot("engine-traces");
      }

      // A dead letter: the subscriber refuses the first event (400, no retry).
      b.click("a[data-tab='events']");
      HttpResponse<String> published =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + engine.port() + "/_zenith/broker/default/default"))
                  .header("ce-specversion", "1.0")
                  .header("ce-id", "dash-1")
                  .header("ce-source", "dashboard-test")
                  .header("ce-type", "com.example.rejected")
                  .header("content-type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(published.statusCode()).as(published.body()).isEqualTo(202);
      b.waitFor("#dead-table tr.dead-row", "default/rejecter", 30_000);
      b.waitFor("#delivery-table tr.delivery-row.failed", "dash-1", 10_000);
      b.click("#replay");
      b.waitFor("#replay-result", "Replayed 1 dead letter(s).", 10_000);
      b.waitFor("#delivery-table tr.delivery-row.ok", "dash-1", 30_000);
      b.waitFor("#dead-note", "No dead letters.", 10_000);
      b.screenshot("engine-events");
      HttpResponse<String> dead =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:" + engine.port() + "/_zenith/v1/events/dead-letters"))
                  .header("Authorization", "Bearer " + engine.token())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(JSON.readTree(dead.body())).isEmpty();
      assertThat(Files.readString(work.resolve("state/logs/default/rejecter.log")))
          .contains("event dash-1 answered 400")
          .contains("event dash-1 answered 200");

      assertThat(b.errors()).allMatch(e -> e.contains("status of 401"), "only the refused visit");
    }
  }
}
