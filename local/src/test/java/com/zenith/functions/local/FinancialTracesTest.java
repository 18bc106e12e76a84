package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 12's acceptance under zenith dev: the guide's transaction, through the three Java functions
 * on the SDK, is one trace with spans that each function exported itself (OTLP), linked parent to
 * child; and the event-driven variant's trace crosses the broker.
 */
class FinancialTracesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path EXAMPLES = Path.of("..", "examples").toAbsolutePath().normalize();
  private static final Set<String> CHAIN =
      Set.of("transaction-processor", "balance-manager", "audit-logger");

  @TempDir Path work;
  private final HttpClient client =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Engine start(Path manifests, ByteArrayOutputStream out) throws Exception {
    DevOptions base =
        TestManifests.options(
            work,
            Duration.ofSeconds(120),
            false,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            manifests);
    DevOptions traced =
        new DevOptions(
            base.paths(),
            base.recursive(),
            base.port(),
            base.apiPort(),
            base.bindHost(),
            base.sources(),
            base.cacheDir(),
            base.stateDir(),
            base.readyTimeout(),
            base.watch(),
            base.consoleAccessLog(),
            base.colour(),
            base.console(),
            base.gitPoll(),
            true);
    Engine engine = new Engine(traced);
    engine.start();
    assertThat(engine.awaitSettled(Duration.ofMinutes(5)))
        .as(out.toString(StandardCharsets.UTF_8))
        .isTrue();
    return engine;
  }

  private HttpResponse<String> transaction(Engine e, String account) throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + e.port()
                        + "/_zenith/fn/default/transaction-processor/transaction"))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"account\": \"" + account + "\", \"amount\": 5}"))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /**
   * The first trace that holds SDK (otlp) spans of every one of {@code services} and is {@code
   * whole}; after 60 s the last one that held them (whole or not), or null. Each function's SDK
   * exports in batches of its own, so a trace fills in over time: a span may come before its
   * parent, or before the gateway's span of the same call.
   */
  private JsonNode traceWith(Engine e, Set<String> services, Predicate<JsonNode> whole)
      throws Exception {
    JsonNode seen = null;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + e.port() + "/_zenith/v1/traces?since=10m"))
                  .header("Authorization", "Bearer " + e.token())
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      for (JsonNode t : JSON.readTree(r.body()).path("traces")) {
        Set<String> exported = new HashSet<>();
        for (JsonNode s : t.path("spans")) {
          if ("otlp".equals(s.path("source").asText())) {
            exported.add(s.path("service").asText());
          }
        }
        if (exported.containsAll(services)) {
          if (whole.test(t)) {
            return t;
          }
          seen = t;
        }
      }
      Thread.sleep(250); // the SDK exports in batches
    }
    return seen;
  }

  /** True when every span but the root has its parent in the same trace. */
  private static boolean parentsPresent(JsonNode trace) {
    Set<String> ids = new HashSet<>();
    trace.path("spans").forEach(s -> ids.add(s.path("spanId").asText()));
    for (JsonNode s : trace.path("spans")) {
      String parent = s.path("parentSpanId").asText("");
      if (!parent.isEmpty() && !ids.contains(parent)) {
        return false;
      }
    }
    return true;
  }

  /** True when the trace has a hop of a broker's delivery. */
  private static boolean deliveredByABroker(JsonNode trace) {
    for (JsonNode s : trace.path("spans")) {
      if (s.path("attributes").path("zenith.caller").asText("").startsWith("broker:")) {
        return true;
      }
    }
    return false;
  }

  /** Every span but the root has its parent in the same trace. */
  private static void assertParentLinked(JsonNode trace) {
    Map<String, JsonNode> byId = new HashMap<>();
    trace.path("spans").forEach(s -> byId.put(s.path("spanId").asText(), s));
    int roots = 0;
    for (JsonNode s : trace.path("spans")) {
      String parent = s.path("parentSpanId").asText("");
      if (parent.isEmpty()) {
        roots++;
      } else {
        assertThat(byId).as("parent of %s", s.path("name").asText()).containsKey(parent);
      }
    }
    assertThat(roots).as("one root").isEqualTo(1);
  }

  @Test
  void theGuidesTransactionIsOneTraceAcrossTheThreeFunctions() throws Exception {
    Toolchains.require("mvn");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine e = start(EXAMPLES.resolve("financial"), out)) {
      HttpResponse<String> r = transaction(e, "ACC-TRACE");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      JsonNode trace = traceWith(e, CHAIN, FinancialTracesTest::parentsPresent);

      assertThat(trace).as("a trace with spans from all three functions").isNotNull();
      assertParentLinked(trace);
      // The balance update's server span is a child of the transaction processor's client span.
      Map<String, JsonNode> byId = new HashMap<>();
      trace.path("spans").forEach(s -> byId.put(s.path("spanId").asText(), s));
      JsonNode update = null;
      for (JsonNode s : trace.path("spans")) {
        if ("otlp".equals(s.path("source").asText())
            && "balance-manager".equals(s.path("service").asText())
            && "SERVER".equals(s.path("kind").asText())) {
          update = s;
        }
      }
      assertThat(update).isNotNull();
      JsonNode up = byId.get(update.path("parentSpanId").asText());
      while (up != null && !"transaction-processor".equals(up.path("service").asText())) {
        up = byId.get(up.path("parentSpanId").asText(""));
      }
      assertThat(up)
          .as("an ancestor of balance-manager's span is transaction-processor's")
          .isNotNull();
    }
  }

  @Test
  void theEventDrivenTransactionsTraceCrossesTheBroker() throws Exception {
    Toolchains.require("mvn");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine e = start(EXAMPLES.resolve("financial-events"), out)) {
      HttpResponse<String> r = transaction(e, "ACC-TRACE-EVT");
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);

      JsonNode trace =
          traceWith(
              e,
              Set.of("transaction-processor", "audit-logger"),
              FinancialTracesTest::deliveredByABroker);

      assertThat(trace).as("the publisher's and a subscriber's spans in one trace").isNotNull();
      assertThat(deliveredByABroker(trace)).as("a broker delivery hop in the trace").isTrue();
    }
  }
}
