package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.local.engine.EngineControl;
import com.zenith.functions.local.events.BrokerHarness;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.RouteTable;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The official CloudEvents JavaScript SDK (npm {@code cloudevents} 10) on both sides of the broker:
 * it publishes binary and structured events with a non-ASCII extension through the gateway's
 * ingress, and subscribers written with it receive them. Skipped when node or npm is missing.
 */
class EventCloudEventsJsSdkTest {
  private static final String SDK = "cloudevents@10.0.0";
  private static final Path DIR = Path.of("target", "cloudevents-js");
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path state;
  private final List<Process> processes = new ArrayList<>();
  private BrokerHarness h;
  private Gateway gateway;

  @BeforeAll
  static void installSdk() throws Exception {
    Assumptions.assumeTrue(onPath("node") && onPath("npm"), "node or npm is not installed");
    Files.createDirectories(DIR);
    for (String script : List.of("subscriber.js", "sender.js")) {
      try (InputStream in =
          EventCloudEventsJsSdkTest.class.getResourceAsStream("/cloudevents-js/" + script)) {
        Files.copy(in, DIR.resolve(script), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    if (Files.isDirectory(DIR.resolve("node_modules/cloudevents"))) {
      return;
    }
    Process npm =
        new ProcessBuilder("npm", "install", "--no-audit", "--no-fund", "--silent", SDK)
            .directory(DIR.toFile())
            .redirectErrorStream(true)
            .start();
    String out = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    boolean done = npm.waitFor(180, TimeUnit.SECONDS);
    Assumptions.assumeTrue(
        done && npm.exitValue() == 0, "npm install " + SDK + " failed (offline?): " + out);
  }

  private static boolean onPath(String tool) {
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (Files.isExecutable(Path.of(d, tool))) {
        return true;
      }
    }
    return false;
  }

  @AfterEach
  void stop() {
    processes.forEach(Process::destroyForcibly);
    if (gateway != null) {
      gateway.close();
    }
    if (h != null) {
      h.close();
    }
  }

  /** A node process whose output lines are collected; returns them. */
  private List<String> node(String script, String... args) throws IOException {
    List<String> cmd = new ArrayList<>(List.of("node", script));
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).directory(DIR.toFile()).redirectErrorStream(true).start();
    processes.add(p);
    List<String> lines = new CopyOnWriteArrayList<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = r.readLine()) != null) {
                  lines.add(line);
                }
              } catch (IOException e) {
                lines.add("READ FAILED " + e);
              }
            });
    return lines;
  }

  private int subscriber(String name) throws Exception {
    List<String> out = node("subscriber.js");
    BrokerHarness.await(() -> out.stream().anyMatch(l -> l.startsWith("PORT ")));
    int port =
        Integer.parseInt(
            out.stream().filter(l -> l.startsWith("PORT ")).findFirst().orElseThrow().substring(5));
    h.ports.put("default/" + name, port);
    outputs.put(name, out);
    return port;
  }

  private final Map<String, List<String>> outputs = new java.util.concurrent.ConcurrentHashMap<>();

  private List<JsonNode> events(String subscriber) throws IOException {
    List<JsonNode> events = new ArrayList<>();
    for (String l : outputs.get(subscriber)) {
      if (l.startsWith("EVENT ")) {
        events.add(JSON.readTree(l.substring(6)));
      }
    }
    return events;
  }

  private JsonNode event(String subscriber, String id) throws IOException {
    return events(subscriber).stream()
        .filter(e -> e.path("id").asText().equals(id))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void
      binaryAndStructuredEventsWithANonAsciiExtensionGoFromTheJsSdkThroughTheBrokerToJsSubscribers()
          throws Exception {
    h = new BrokerHarness(state);
    subscriber("all");
    subscriber("zurich");
    h.trigger("all", Map.of("type", "com.example.js"));
    h.trigger("zurich", Map.of("city", "Zürich €"));
    h.broker.recover();
    gateway =
        new Gateway(
            new RouteTable(),
            AccessLog.none(),
            new EngineControl(List::of, h.broker, "test-token", state.resolve("logs")),
            "127.0.0.1");
    int port = gateway.listen(0);

    List<String> sent =
        node("sender.js", "http://127.0.0.1:" + port + "/_zenith/broker/default/default");
    BrokerHarness.await(() -> sent.size() >= 3);
    BrokerHarness.await(
        () -> outputs.get("all").stream().filter(l -> l.startsWith("EVENT ")).count() == 3);
    BrokerHarness.await(
        () -> outputs.get("zurich").stream().filter(l -> l.startsWith("EVENT ")).count() == 2);

    assertThat(sent)
        .containsExactly("SENT js-binary 202", "SENT js-binary-raw 202", "SENT js-structured 202");
    // The broker read the value intact from either mode: the filter on it matched these two.
    assertThat(events("zurich"))
        .extracting(e -> e.path("id").asText())
        .containsExactlyInAnyOrder("js-binary", "js-structured");
    for (String id : List.of("js-binary", "js-structured")) {
      JsonNode e = event("all", id);
      // Delivered in binary mode, percent-encoded as the HTTP binding says; the JS SDK 10 does not
      // decode header values, so the subscriber sees the encoded form and decodes it.
      assertThat(e.path("city").asText()).isEqualTo("Z%C3%BCrich%20%E2%82%AC");
      assertThat(e.path("cityDecoded").asText()).isEqualTo("Zürich €");
      assertThat(e.path("contentType").asText()).isEqualTo("application/json");
    }
    assertThat(event("all", "js-binary").path("data").path("n").asInt()).isEqualTo(1);
    assertThat(event("all", "js-structured").path("data").path("n").asInt()).isEqualTo(3);
    assertThat(event("all", "js-binary-raw").path("cityDecoded").asText()).isEqualTo("Zürich");
  }
}
