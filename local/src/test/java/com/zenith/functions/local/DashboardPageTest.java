package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.ControlApi;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.status.FunctionView;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real headless Chromium against the gateway with 50 functions and the traces
 * and call-graph JSON in the shapes of the traces package's TracesApi: every view renders, stays
 * usable with 50 rows, and updates live. {@link DashboardEngineTest} does the same against a real
 * engine running the financial example.
 */
class DashboardPageTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String TOKEN = "page-test-token";
  private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";

  @TempDir Path work;
  private final List<FunctionView> functions = new CopyOnWriteArrayList<>();
  private final List<ObjectNode> deliveries = new CopyOnWriteArrayList<>();
  private volatile boolean deadLetter = true;
  private Gateway gateway;
  private String base;

  @BeforeEach
  void start() throws Exception {
    for (int i = 0; i < 50; i++) {
      functions.add(function(String.format("fn-%02d", i), i == 0 ? "Unknown" : "True"));
    }
    functions.set(3, buildFailed("fn-03"));
    deliveries.add(delivery(1, "ev-1", 400, "dead-lettered: the subscriber answered 400"));
    Files.createDirectories(work.resolve("logs"));
    Files.writeString(work.resolve("logs/fn-07.log"), "fn-07 listening on 8080\n");
    ControlApi control =
        new ControlApi() {
          @Override
          public boolean authorized(String authorization) {
            return ("Bearer " + TOKEN).equals(authorization);
          }

          @Override
          public String dashboardSession() {
            return "session-of-" + TOKEN;
          }

          @Override
          public String functionsJson() {
            return json(Map.of("functions", functions));
          }

          @Override
          public Answer deliveries(long since) {
            return new Answer(
                200, json(deliveries.stream().filter(d -> d.get("seq").asLong() > since).toList()));
          }

          @Override
          public Answer deadLetters(boolean replay) {
            if (replay) {
              boolean had = deadLetter;
              deadLetter = false;
              if (had) {
                deliveries.add(delivery(2, "ev-1", 200, "delivered"));
              }
              return new Answer(200, "{\"replayed\":" + (had ? 1 : 0) + "}");
            }
            return new Answer(200, deadLetter ? deadLetterJson() : "[]");
          }

          @Override
          public Answer traces(String since, String function, String limit) {
            return new Answer(200, tracesJson());
          }

          @Override
          public Answer graph() {
            return new Answer(200, graphJson());
          }

          @Override
          public Path logFile(String namespace, String name, boolean build) {
            return work.resolve("logs").resolve(name + (build ? "-build.log" : ".log"));
          }
        };
    gateway = new Gateway(new RouteTable(), AccessLog.none(), control, "127.0.0.1");
    base = "http://127.0.0.1:" + gateway.listen(0) + "/_zenith/ui/";
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void everyViewRendersWithFiftyFunctionsAndUpdatesLive() throws Exception {
    try (Browser b = Browser.start(work)) {
      // No token: the page loads, its data does not.
      b.open(base);
      assertThat(b.waitFor("#banner[data-status='401']", "401 Unauthorized", 20_000))
          .contains("Open the dashboard URL");
      assertThat(b.texts("#fn-table tbody tr")).isEmpty();
      b.screenshot("page-unauthorized");

      JsonNode opened = b.open(base + "?token=" + TOKEN);
      assertThat(opened.path("url").asText()).isEqualTo(base);
      assertThat(b.waitFor("#fn-count", "50 functions, 48 ready", 20_000)).isNotNull();
      assertThat(visible(b, "#fn-table tbody tr.fn-row", 50)).isEqualTo(50);
      b.fill("#fn-filter", "fn-4");
      // The filter applies on the page's next input event: wait for it, bounded.
      assertThat(visible(b, "#fn-table tbody tr.fn-row", 10)).isEqualTo(10);
      b.fill("#fn-filter", "");

      // A failed build's log tail, from BuildSucceeded's message.
      b.click("tr.fn-row[data-key='default/fn-03']");
      assertThat(b.waitFor("#fn-facts pre.build-log", "COMPILATION ERROR", 10_000))
          .contains("Greeter.java:[3,1] ';' expected");
      assertThat(b.texts("#fn-facts tr.cond[data-type='BuildSucceeded']").get(0))
          .contains("False")
          .contains("BuildFailed");

      // A status change and a log line, both without a reload.
      functions.set(0, function("fn-00", "True"));
      assertThat(b.waitFor("tr.fn-row[data-key='default/fn-00'][data-ready='True']", null, 10_000))
          .contains("Ready");
      b.click("tr.fn-row[data-key='default/fn-07']");
      b.waitFor("#log .line", "fn-07 listening on 8080", 10_000);
      Files.writeString(
          work.resolve("logs/fn-07.log"),
          "GET /hello 200 (appended while the page is open)\n",
          StandardOpenOption.APPEND);
      b.waitFor("#log .line", "appended while the page is open", 10_000);
      b.screenshot("page-functions");

      b.click("a[data-tab='graph']");
      b.waitFor(
          "g[data-edge='default/transaction-processor->default/balance-manager'] text",
          "12 req",
          10_000);
      assertThat(visible(b, "#graph g.node", 5)).isEqualTo(5);
      assertThat(visible(b, "#graph g.edge", 4)).isEqualTo(4);
      b.screenshot("page-graph");

      b.click("a[data-tab='traces']");
      b.click("tr.trace-row[data-trace-id='" + TRACE + "']");
      b.waitFor(".waterfall .span-row[data-service='audit-logger']", "POST /log", 10_000);
      assertThat(visible(b, ".waterfall .span-row[data-span-id]", 5)).isEqualTo(5);
      // Tree order: each span right after its parent.
      assertThat(b.texts(".waterfall .span-row[data-span-id] .span-name"))
          .containsExactly(
              "transaction-processor POST /transaction",
              "transaction-processor POST",
              "balance-manager POST /balance",
              "balance-manager POST",
              "audit-logger POST /log");
      b.screenshot("page-traces");

      b.click("a[data-tab='events']");
      b.waitFor("#dead-table tr.dead-row", "the subscriber answered 400", 10_000);
      b.click("#replay");
      b.waitFor("#replay-result", "Replayed 1 dead letter(s).", 10_000);
      b.waitFor("#delivery-table tr.delivery-row.ok", "delivered", 10_000);
      b.waitFor("#dead-note", "No dead letters.", 10_000);
      b.screenshot("page-events");

      // The only complaint allowed is the browser's note on the first, refused, data request.
      assertThat(b.errors())
          .allMatch(e -> e.contains("status of 401"), "the 401 of the visit without a token");
    }
  }

  private static String json(Object value) {
    try {
      return JSON.writeValueAsString(value);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static Condition condition(String type, String status, String reason, String message) {
    return new Condition(type, status, reason, message, "2026-12-01T10:00:00Z", 1L);
  }

  private static FunctionView function(String name, String ready) {
    boolean up = ready.equals("True");
    List<Condition> conditions =
        List.of(
            condition("Ready", ready, up ? "Ready" : "Deploying", up ? "Ready." : "Starting."),
            condition("BuildSucceeded", "True", "BuildSucceeded", "Built."),
            condition("ServiceReady", ready, up ? "Ready" : "Deploying", "Serving."));
    return new FunctionView(
        name,
        "default",
        ready,
        conditions.get(0).reason(),
        conditions.get(0).message(),
        "http://" + name + ".default.svc.cluster.local",
        20000,
        0,
        null,
        List.of(),
        conditions,
        new BuildStatus("local-" + name, null, null, null, null, "sha256:0123456789abcdef", 1L));
  }

  private static FunctionView buildFailed(String name) {
    String tail =
        "The maven build failed; see logs/default/fn-03-build.log\n"
            + "[ERROR] COMPILATION ERROR\n[ERROR] Greeter.java:[3,1] ';' expected";
    List<Condition> conditions =
        List.of(
            condition("Ready", "False", "BuildFailed", tail),
            condition("BuildSucceeded", "False", "BuildFailed", tail),
            condition("ServiceReady", "Unknown", "Deploying", "Waiting for the build."));
    return new FunctionView(
        name,
        "default",
        "False",
        "BuildFailed",
        tail,
        null,
        0,
        0,
        null,
        List.of(),
        conditions,
        null);
  }

  private static ObjectNode delivery(long seq, String id, int status, String outcome) {
    return JSON.createObjectNode()
        .put("seq", seq)
        .put("time", "2026-12-01T10:00:0" + seq + "Z")
        .put("id", id)
        .put("type", "com.example.rejected")
        .put("trigger", "default/rejecter-trigger")
        .put("subscriber", "default/rejecter")
        .put("status", status)
        .put("attempts", 1)
        .put("outcome", outcome);
  }

  private static String deadLetterJson() {
    ArrayNode list = JSON.createArrayNode();
    list.addObject()
        .put("seq", 1)
        .put("trigger", "default/rejecter-trigger")
        .put("subscriber", "default/rejecter")
        .put("reason", "the subscriber answered 400")
        .put("attempts", 1)
        .put("time", "2026-12-01T10:00:01Z")
        .put("event", "{\"specversion\":\"1.0\",\"id\":\"ev-1\"}");
    return list.toString();
  }

  /** A transaction's trace as TracesApi.traces() writes it. */
  private static String tracesJson() {
    long t0 = 1_796_000_000_000_000_000L;
    List<String[]> spans = new ArrayList<>();
    // spanId, parent, service, name, kind, start offset us, duration us, source
    spans.add(
        new String[] {
          "a1", null, "transaction-processor", "POST /transaction", "SERVER", "0", "9000", "otlp"
        });
    spans.add(
        new String[] {
          "a2", "a1", "transaction-processor", "POST", "CLIENT", "500", "6000", "otlp"
        });
    spans.add(
        new String[] {
          "b1", "a2", "balance-manager", "POST /balance", "SERVER", "900", "5000", "otlp"
        });
    spans.add(
        new String[] {"b2", "b1", "balance-manager", "POST", "CLIENT", "2000", "2500", "otlp"});
    spans.add(
        new String[] {"c1", "b2", "audit-logger", "POST /log", "SERVER", "2300", "1800", "otlp"});
    ObjectNode root = JSON.createObjectNode();
    ObjectNode t = root.putArray("traces").addObject();
    t.put("traceId", TRACE).put("start", "2026-12-01T10:00:00Z").put("durationMs", 9.0);
    t.put("failed", false).put("spanCount", spans.size());
    t.putArray("services").add("audit-logger").add("balance-manager").add("transaction-processor");
    ArrayNode out = t.putArray("spans");
    for (String[] s : spans) {
      long start = t0 + Long.parseLong(s[5]) * 1000;
      out.addObject()
          .put("traceId", TRACE)
          .put("spanId", s[0] + "00000000000000")
          .put("parentSpanId", s[1] == null ? null : s[1] + "00000000000000")
          .put("service", s[2])
          .put("name", s[3])
          .put("kind", s[4])
          .put("start", "2026-12-01T10:00:00Z")
          .put("startUnixNano", start)
          .put("durationMs", Long.parseLong(s[6]) / 1000.0)
          .put("status", "OK")
          .put("source", s[7])
          .putObject("attributes")
          .put("http.route", s[3]);
    }
    return root.toString();
  }

  /** The call graph as TracesApi.graph() writes it. */
  private static String graphJson() {
    ObjectNode root = JSON.createObjectNode().put("windowSeconds", 300);
    ArrayNode edges = root.putArray("edges");
    String[][] e = {
      {"external", "default/transaction-processor", "12", "0"},
      {"default/transaction-processor", "default/balance-manager", "12", "0"},
      {"default/balance-manager", "default/audit-logger", "12", "1"},
      {"broker:default/default", "default/audit-logger", "3", "0"},
    };
    for (String[] x : e) {
      edges
          .addObject()
          .put("from", x[0])
          .put("to", x[1])
          .put("requests", Long.parseLong(x[2]))
          .put("errors", Long.parseLong(x[3]))
          .put("windowRequests", Integer.parseInt(x[2]))
          .put("windowErrors", Integer.parseInt(x[3]))
          .put("p50Ms", 1.25)
          .put("p95Ms", 3.5)
          .put("p99Ms", 7.75)
          .put("lastSeen", "2026-12-01T10:00:00Z");
    }
    ArrayNode nodes = root.putArray("nodes");
    nodes.addObject().put("id", "external").put("kind", "external");
    for (String n : new String[] {"transaction-processor", "balance-manager", "audit-logger"}) {
      nodes
          .addObject()
          .put("id", "default/" + n)
          .put("kind", "function")
          .put("namespace", "default")
          .put("name", n);
    }
    nodes
        .addObject()
        .put("id", "broker:default/default")
        .put("kind", "broker")
        .put("namespace", "default")
        .put("name", "default");
    return root.toString();
  }

  /**
   * How many {@code selector} matches are visible once they number {@code expected} (or after 10
   * s): the page renders on its next event (input, a live update), not at once.
   */
  private static int visible(Browser b, String selector, int expected) throws Exception {
    long deadline = System.nanoTime() + 10_000_000_000L;
    int shown = b.visible(selector);
    while (shown != expected && System.nanoTime() < deadline) {
      Thread.sleep(50);
      shown = b.visible(selector);
    }
    return shown;
  }
}
