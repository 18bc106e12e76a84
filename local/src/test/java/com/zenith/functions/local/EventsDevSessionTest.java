package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.status.FunctionView;
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
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Events through zenith dev's broker, with real function processes. */
class EventsDevSessionTest {
  private static final Path FINANCIAL_EVENTS =
      Path.of("..", "examples", "financial-events").toAbsolutePath().normalize();

  @TempDir Path work;
  private final HttpClient client =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

  private Engine start(Path manifests, ByteArrayOutputStream out) throws Exception {
    ValidationResult r = new ManifestValidator().validatePaths(List.of(manifests), false);
    assertThat(r.hasErrors()).as(r.diagnostics().toString()).isFalse();
    Engine s =
        new Engine(
            PolyglotDevSessionTest.options(
                work.resolve("cache"),
                work.resolve("state"),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                manifests));
    s.start();
    assertThat(s.awaitSettled(Duration.ofMinutes(5))).as("ready: %s", out).isTrue();
    return s;
  }

  private int publish(Engine engine, String id, String type) throws Exception {
    return client
        .send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:" + engine.port() + "/_zenith/broker/default/default"))
                .header("Authorization", "Bearer " + engine.token())
                .header("ce-specversion", "1.0")
                .header("ce-id", id)
                .header("ce-source", "test")
                .header("ce-type", type)
                .header("content-type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":\"" + id + "\"}"))
                .build(),
            HttpResponse.BodyHandlers.ofString())
        .statusCode();
  }

  @Test
  void theEventDrivenFinancialSystemAuditsATransaction() throws Exception {
    Toolchains.require("mvn");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine s = start(FINANCIAL_EVENTS, out)) {
      assertThat(s.views())
          .filteredOn(v -> !v.name().equals("transaction-processor"))
          .extracting(FunctionView::message)
          .containsOnly("Function deployed with eventing and ready to accept requests");
      HttpResponse<String> r =
          client.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + s.port()
                              + "/_zenith/fn/default/transaction-processor/transaction"))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"account\": \"ACC-EVT\", \"amount\": 100.50}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).contains("\"status\":\"success\"").contains("\"transaction_id\":\"TXN-");

      Path auditLog = work.resolve("state/logs/default/audit-logger.log");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline
          && !(Files.exists(auditLog) && Files.readString(auditLog).contains("[AUDIT]"))) {
        Thread.sleep(100);
      }
      assertThat(Files.readString(auditLog))
          .contains("[AUDIT] Action: balance_update, Details: {")
          .contains("\"account\":\"ACC-EVT\"")
          .contains("\"new_balance\":100.5");
    }
  }

  @Test
  void aBrokerThatIsNotDeclaredGivesBrokerNotFound() throws Exception {
    Path src = Files.createDirectories(work.resolve("lonely"));
    Files.writeString(src.resolve("Procfile"), "web: sleep 60\n");
    Files.writeString(
        work.resolve("lonely.yaml"),
        TestManifests.function("lonely", "  deploy: {}\n  eventing:\n    broker: nowhere\n"));
    ValidationResult r =
        new ManifestValidator().validatePaths(List.of(work.resolve("lonely.yaml")), false);
    DevOptions o = TestManifests.options(work, Duration.ofSeconds(2), false, null, work);
    try (Engine s = new Engine(o)) {
      s.start();
      s.awaitSettled(Duration.ofSeconds(20));
      FunctionView v = s.views().get(0);
      assertThat(v.ready()).isEqualTo("False");
      assertThat(v.reason()).isEqualTo("BrokerNotFound");
      assertThat(v.message())
          .isEqualTo(
              "Broker nowhere was not found in namespace default; create it, or change spec.eventing.broker.");
    }
  }

  @Test
  void aSubscriberKilledInTheMiddleOfAThousandEventsStillGetsEveryOne() throws Exception {
    Toolchains.require("python3");
    Path src = Files.createDirectories(work.resolve("counter"));
    Path seen = work.resolve("seen.txt");
    Files.writeString(src.resolve("requirements.txt"), "# standard library only\n");
    Files.writeString(
        src.resolve("main.py"),
        """
        import os
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        OUT = open(os.environ["SEEN_FILE"], "a", buffering=1)

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"
            def do_POST(self):
                self.rfile.read(int(self.headers.get("Content-Length", "0")))
                OUT.write(self.headers["ce-id"] + "\\n")
                self.send_response(200)
                self.send_header("Content-Length", "0")
                self.end_headers()
            def log_message(self, *args):
                pass

        class Server(ThreadingHTTPServer):
            request_queue_size = 256
            daemon_threads = True

        Server((os.environ["HOST"], int(os.environ["PORT"])), Handler).serve_forever()
        """);
    Files.writeString(
        work.resolve("counter.yaml"),
        TestManifests.function(
            "counter",
            """
                  deploy:
                    env:
                      - name: SEEN_FILE
                        value: %s
                  eventing:
                    broker: default
                ---
                apiVersion: eventing.knative.dev/v1
                kind: Broker
                metadata:
                  name: default
                """
                .formatted(seen)));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (Engine s = start(work.resolve("counter.yaml"), out)) {
      AtomicInteger accepted = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(8);
      for (int i = 0; i < 1000; i++) {
        String id = "ev-" + i;
        pool.submit(
            () -> {
              if (publish(s, id, "count.me") == 202) {
                accepted.incrementAndGet();
              }
              return null;
            });
        if (i == 300) {
          ProcessHandle victim =
              ProcessHandle.current()
                  .descendants()
                  .filter(p -> p.info().commandLine().orElse("").contains("main.py"))
                  .findFirst()
                  .orElseThrow();
          victim.destroyForcibly();
        }
      }
      pool.shutdown();
      assertThat(pool.awaitTermination(2, TimeUnit.MINUTES)).isTrue();
      assertThat(accepted.get()).isEqualTo(1000);

      long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
      Set<String> unique = new HashSet<>();
      while (System.nanoTime() < deadline) {
        unique = new HashSet<>(Files.readAllLines(seen));
        if (unique.size() >= 1000) {
          break;
        }
        Thread.sleep(200);
      }
      assertThat(unique).hasSize(1000);
      assertThat(s.views().get(0).restarts()).isGreaterThanOrEqualTo(1);
      assertThat(s.broker().deadLetters()).isEmpty();
    }
  }
}
