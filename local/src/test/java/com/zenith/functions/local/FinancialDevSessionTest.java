package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seed guide's financial system, in Java on the SDK, run by zenith dev: the seed's request,
 * concurrency, a missing audit-logger, a failing balance-manager behind a circuit breaker, and a
 * lost reply retried without being applied twice.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FinancialDevSessionTest {
  private static final Path EXAMPLE =
      Path.of("..", "examples", "financial").toAbsolutePath().normalize();
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir static Path work;
  private static Engine session;
  private static HttpClient client;
  private static HttpServer lossy;
  private static final AtomicInteger lossyCalls = new AtomicInteger();
  private static final ByteArrayOutputStream console = new ByteArrayOutputStream();

  @BeforeAll
  static void start() throws Exception {
    Toolchains.require("mvn");
    lossy = lossyProxy();
    // The manifests as shipped, plus test settings: a short breaker and a second processor that
    // reaches balance-manager through a proxy that loses the first reply.
    Path manifests = Files.createDirectories(work.resolve("manifests"));
    for (String f :
        new String[] {"audit-logger.yaml", "balance-manager.yaml", "transaction-processor.yaml"}) {
      String yaml =
          Files.readString(EXAMPLE.resolve(f))
              .replace("local-source: ./", "local-source: " + EXAMPLE + "/");
      if (f.startsWith("transaction")) {
        yaml =
            yaml.replace(
                "        value: default\n",
                "        value: default\n      - name: ZENITH_BREAKER_OPEN_MS\n        value: \"1500\"\n");
        String lossyTwin =
            yaml.replace("name: transaction-processor\n", "name: lossy-processor\n")
                .replace(
                    "        value: default\n",
                    "        value: default\n      - name: BALANCE_MANAGER_URL\n        value: http://127.0.0.1:"
                        + lossy.getAddress().getPort()
                        + "\n");
        Files.writeString(manifests.resolve("lossy-processor.yaml"), lossyTwin);
      }
      Files.writeString(manifests.resolve(f), yaml);
    }
    ValidationResult r = new ManifestValidator().validatePaths(List.of(manifests), false);
    assertThat(r.diagnostics()).isEmpty();
    session =
        new Engine(
            PolyglotDevSessionTest.options(
                work.resolve("cache"),
                work.resolve("state"),
                new PrintStream(console, true, StandardCharsets.UTF_8),
                manifests));
    session.start();
    assertThat(session.awaitSettled(Duration.ofMinutes(5)))
        .as("ready; console:%n%s", console)
        .isTrue();
    client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterAll
  static void stop() {
    if (session != null) {
      session.close();
    }
    if (lossy != null) {
      lossy.stop(0);
    }
  }

  private static HttpResponse<String> post(String function, String path, String body)
      throws Exception {
    return client.send(
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + session.port()
                        + "/_zenith/fn/default/"
                        + function
                        + path))
            .timeout(Duration.ofSeconds(60))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static BigDecimal balance(String account) throws Exception {
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + session.port()
                            + "/_zenith/fn/default/balance-manager/balance?account="
                            + account))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    return JSON.readTree(r.body()).path("new_balance").decimalValue();
  }

  private static String log(String function) throws IOException {
    return Files.readString(work.resolve("state/logs/default/" + function + ".log"));
  }

  @Test
  @Order(1)
  void theSeedsRequestSucceedsAndIsAudited() throws Exception {
    HttpResponse<String> r =
        post(
            "transaction-processor",
            "/transaction",
            "{\"account\": \"ACC-001\", \"amount\": 100.50}");

    assertThat(r.statusCode()).isEqualTo(200);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.path("status").asText()).isEqualTo("success");
    assertThat(body.path("transaction_id").asText()).matches("TXN-\\d+");
    assertThat(body.path("balance").decimalValue()).isEqualByComparingTo("100.50");
    assertThat(Instant.parse(body.path("timestamp").asText()))
        .isBefore(Instant.now().plusSeconds(1));
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline
        && !log("audit-logger").contains("[AUDIT] Action: balance_update")) {
      Thread.sleep(100);
    }
    assertThat(log("audit-logger"))
        .contains("[AUDIT] Action: balance_update, Details: {")
        .contains("\"account\":\"ACC-001\"");
  }

  @Test
  @Order(2)
  void twoHundredConcurrentTransactionsOnOneAccountEndWithTheExactSum() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 200; i++) {
      calls.add(
          client.sendAsync(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + session.port()
                              + "/_zenith/fn/default/transaction-processor/transaction"))
                  .timeout(Duration.ofSeconds(120))
                  .POST(
                      HttpRequest.BodyPublishers.ofString(
                          "{\"account\": \"ACC-CONC\", \"amount\": 0.10}"))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(3, TimeUnit.MINUTES);

    for (var c : calls) {
      assertThat(c.get().statusCode()).as(c.get().body()).isEqualTo(200);
    }
    assertThat(balance("ACC-CONC")).isEqualByComparingTo("20.00");
  }

  @Test
  @Order(3)
  void withAuditLoggerDownTransactionsStillSucceedAndTheFailureIsVisible() throws Exception {
    session.pause("default", "audit-logger");
    try {
      HttpResponse<String> r =
          post(
              "transaction-processor",
              "/transaction",
              "{\"account\": \"ACC-NOAUDIT\", \"amount\": 5}");

      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(balance("ACC-NOAUDIT")).isEqualByComparingTo("5");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline
          && !log("balance-manager").contains("fire-and-forget failed")) {
        Thread.sleep(100);
      }
      assertThat(log("balance-manager")).contains("fire-and-forget failed");
    } finally {
      session.resume("default", "audit-logger");
    }
  }

  @Test
  @Order(4)
  void withBalanceManagerDownTheBreakerOpensFailsFastAndRecovers() throws Exception {
    session.pause("default", "balance-manager");
    HttpResponse<String> last = null;
    for (int i = 0; i < 8; i++) {
      last =
          post(
              "transaction-processor", "/transaction", "{\"account\": \"ACC-BRK\", \"amount\": 1}");
      assertThat(last.statusCode()).isIn(500, 503);
    }
    assertThat(last.statusCode()).isEqualTo(503);
    assertThat(last.body()).contains("not calling it for now");
    awaitAccessLogWritten(); // the lines of the calls that opened the breaker
    long before = accessLines("-> default/balance-manager");
    post("transaction-processor", "/transaction", "{\"account\": \"ACC-BRK\", \"amount\": 1}");
    awaitAccessLogWritten();
    assertThat(accessLines("-> default/balance-manager"))
        .as("an open breaker sends nothing")
        .isEqualTo(before);

    session.resume("default", "balance-manager");
    int status = 0;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline && status != 200) {
      Thread.sleep(500);
      status =
          post("transaction-processor", "/transaction", "{\"account\": \"ACC-BRK\", \"amount\": 1}")
              .statusCode();
    }
    assertThat(status).as("recovered once the breaker closed").isEqualTo(200);
  }

  @Test
  @Order(5)
  void aPostWhoseReplyIsLostOnceIsRetriedAndAppliedExactlyOnce() throws Exception {
    HttpResponse<String> r =
        post("lossy-processor", "/transaction", "{\"account\": \"ACC-LOST\", \"amount\": 7.25}");

    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(lossyCalls.get()).as("the first reply was lost and the call retried").isEqualTo(2);
    assertThat(JSON.readTree(r.body()).path("balance").decimalValue()).isEqualByComparingTo("7.25");
    assertThat(balance("ACC-LOST")).isEqualByComparingTo("7.25");
  }

  private static long accessLines(String needle) throws IOException {
    try (Stream<String> lines = Files.lines(work.resolve("state/logs/access.log"))) {
      return lines.filter(l -> l.contains(needle)).count();
    }
  }

  /**
   * Waits until the access log holds every line recorded so far. It is written in the background,
   * in the order lines are recorded: once the line of a request sent now is in it, so are they.
   */
  private static void awaitAccessLogWritten() throws Exception {
    String marker = "/access-log-marker-" + System.nanoTime();
    client.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + session.port() + marker)).build(),
        HttpResponse.BodyHandlers.discarding());
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline && accessLines(marker) == 0) {
      Thread.sleep(50);
    }
    assertThat(accessLines(marker)).as("the access log's line for %s", marker).isEqualTo(1);
  }

  /** Forwards to balance-manager through the gateway, and drops the reply of the first request. */
  private static HttpServer lossyProxy() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    HttpClient upstream = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          int n = lossyCalls.incrementAndGet();
          byte[] in = ex.getRequestBody().readAllBytes();
          HttpRequest.Builder req =
              HttpRequest.newBuilder(
                      URI.create(
                          "http://127.0.0.1:"
                              + session.port()
                              + "/_zenith/fn/default/balance-manager"
                              + ex.getRequestURI()))
                  .method(ex.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(in))
                  .header("Content-Type", "application/json");
          String key = ex.getRequestHeaders().getFirst("Idempotency-Key");
          if (key != null) {
            req.header("Idempotency-Key", key);
          }
          try {
            HttpResponse<byte[]> res =
                upstream.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            if (n == 1) {
              ex.close(); // applied upstream, but the caller never hears back
              return;
            }
            ex.sendResponseHeaders(res.statusCode(), res.body().length);
            ex.getResponseBody().write(res.body());
          } catch (InterruptedException e) {
            ex.sendResponseHeaders(500, -1);
          }
          ex.close();
        });
    s.start();
    return s;
  }
}
