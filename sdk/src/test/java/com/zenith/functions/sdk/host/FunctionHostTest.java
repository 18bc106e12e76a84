package com.zenith.functions.sdk.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.TestServer;
import com.zenith.functions.sdk.Zenith;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class FunctionHostTest {
  record AuditRequest(String action, Map<String, Object> details) {}

  record AuditResponse(String status, Instant timestamp) {}

  private final Zenith zenith =
      Zenith.builder()
          .env(
              Map.of(
                  "PORT",
                  "0",
                  "BALANCE_MANAGER_URL",
                  "http://127.0.0.1:1",
                  "ZENITH_CALL_RETRIES",
                  "0"))
          .build();
  private final HttpClient http = TestServer.directClient();
  private FunctionHost host;

  @AfterEach
  void tearDown() {
    if (host != null) {
      host.stop();
    }
    zenith.close();
    http.close();
  }

  private HttpResponse<String> send(String method, String path, String body) throws Exception {
    var b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + host.port() + path));
    b.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString(body));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** Jackson cannot write it: its only property throws. */
  public static final class Unwritable {
    public String getValue() {
      throw new IllegalStateException("no value yet");
    }
  }

  @Test
  void aResultThatCannotBeSerializedAnswers500AndWarns() throws Exception {
    var records = new java.util.concurrent.CopyOnWriteArrayList<java.util.logging.LogRecord>();
    var capture =
        new java.util.logging.Handler() {
          @Override
          public void publish(java.util.logging.LogRecord r) {
            records.add(r);
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    var logger = java.util.logging.Logger.getLogger("com.zenith.functions.sdk.host");
    logger.addHandler(capture);
    try {
      host = zenith.host().post("/bad", r -> new Unwritable()).start();
      var res = send("POST", "/bad", "{}");
      assertThat(res.statusCode()).isEqualTo(500);
      assertThat(res.headers().firstValue("Content-Type")).contains("application/json");
      assertThat(res.body())
          .isEqualTo(
              "{\"error\":\"internal error: the result could not be serialized\",\"status\":500}");
      assertThat(records)
          .anySatisfy(
              r -> {
                assertThat(r.getLevel()).isEqualTo(java.util.logging.Level.WARNING);
                String line = new java.util.logging.SimpleFormatter().formatMessage(r);
                assertThat(line).contains("POST /bad", Unwritable.class.getName(), "no value yet");
              });
    } finally {
      logger.removeHandler(capture);
    }
  }

  @Test
  void typedRouteBindsJsonAndAnswersJson() throws Exception {
    host =
        zenith
            .host()
            .post(
                "/log",
                AuditRequest.class,
                req ->
                    new AuditResponse(
                        "logged:" + req.action(), Instant.parse("2025-01-15T10:30:00Z")))
            .start();
    var res =
        send(
            "POST",
            "/log",
            "{\"action\":\"balance_update\",\"details\":{\"account\":\"ACC-001\"}}");
    assertThat(res.statusCode()).isEqualTo(200);
    assertThat(res.headers().firstValue("Content-Type")).hasValue("application/json");
    assertThat(res.body())
        .isEqualTo("{\"status\":\"logged:balance_update\",\"timestamp\":\"2025-01-15T10:30:00Z\"}");
  }

  @Test
  void badJsonIs400WithAJsonError() throws Exception {
    host = zenith.host().post("/log", AuditRequest.class, req -> req).start();
    var bad = send("POST", "/log", "{not json");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.headers().firstValue("Content-Type")).hasValue("application/json");
    var error = Json.mapper().readTree(bad.body());
    assertThat(error.get("status").asInt()).isEqualTo(400);
    assertThat(error.get("error").asText()).startsWith("invalid JSON");
    assertThat(send("POST", "/log", null).statusCode()).isEqualTo(400);
  }

  @Test
  void unknownPathIs404WrongMethod405AndHealthIsUp() throws Exception {
    host =
        zenith
            .host()
            .post("/log", AuditRequest.class, req -> req)
            .get("/balance", r -> Map.of("account", r.query("account")))
            .start();
    assertThat(send("GET", "/nope", null).statusCode()).isEqualTo(404);
    var wrong = send("GET", "/log", null);
    assertThat(wrong.statusCode()).isEqualTo(405);
    assertThat(wrong.headers().firstValue("Allow")).hasValue("POST");
    var health = send("GET", "/healthz", null);
    assertThat(health.statusCode()).isEqualTo(200);
    assertThat(health.body()).isEqualTo("{\"status\":\"ok\"}");
    assertThat(send("GET", "/balance?account=ACC%2D1", null).body())
        .isEqualTo("{\"account\":\"ACC-1\"}");
  }

  @Test
  void resultsMapToStatuses() throws Exception {
    host =
        zenith
            .host()
            .post("/none", r -> null)
            .post("/created", r -> Response.of(201, Map.of("id", 7)).header("Location", "/items/7"))
            .post(
                "/missing",
                r -> {
                  throw new HttpError(404, "no such account");
                })
            .post(
                "/boom",
                r -> {
                  throw new IllegalStateException("secret detail");
                })
            .post(
                "/downstream",
                r -> zenith.call("balance-manager").post("/update", Map.of(), String.class))
            .start();
    assertThat(send("POST", "/none", "").statusCode()).isEqualTo(204);
    var created = send("POST", "/created", "");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location")).hasValue("/items/7");
    var missing = send("POST", "/missing", "");
    assertThat(missing.statusCode()).isEqualTo(404);
    assertThat(missing.body()).isEqualTo("{\"error\":\"no such account\",\"status\":404}");
    var boom = send("POST", "/boom", "");
    assertThat(boom.statusCode()).isEqualTo(500);
    assertThat(boom.body()).doesNotContain("secret detail");
    var downstream = send("POST", "/downstream", "");
    assertThat(downstream.statusCode()).isEqualTo(502);
    assertThat(downstream.body()).contains("balance-manager", "http://127.0.0.1:1/update");
  }

  @Test
  void bodiesOverTheLimitAre413() throws Exception {
    try (var small =
        Zenith.builder().env(Map.of("PORT", "0", "ZENITH_MAX_BODY_BYTES", "16")).build()) {
      host = small.host().post("/log", r -> r.bodyText()).start();
      assertThat(send("POST", "/log", "x".repeat(16)).statusCode()).isEqualTo(200);
      assertThat(send("POST", "/log", "x".repeat(17)).statusCode()).isEqualTo(413);
    }
  }

  @Test
  void duplicateRoutesAreRefused() {
    var h = zenith.host().post("/log", r -> null);
    assertThatThrownBy(() -> h.post("/log", r -> null)).isInstanceOf(IllegalStateException.class);
    assertThatThrownBy(() -> h.get("/healthz", r -> null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void stopLetsTheRequestInProgressFinishThenRefusesConnections() throws Exception {
    var entered = new CountDownLatch(1);
    var release = new CountDownLatch(1);
    host =
        zenith
            .host()
            .post(
                "/slow",
                r -> {
                  entered.countDown();
                  release.await(10, TimeUnit.SECONDS);
                  return Map.of("done", true);
                })
            .start();
    int port = host.port();
    CompletableFuture<HttpResponse<String>> inFlight =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return send("POST", "/slow", "{}");
              } catch (Exception e) {
                throw new IllegalStateException(e);
              }
            });
    assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
    var stopping = CompletableFuture.runAsync(host::stop);
    Thread.sleep(100); // let stop() close the listener while the request is held
    assertThat(stopping).isNotDone();
    release.countDown();
    stopping.get(10, TimeUnit.SECONDS);
    assertThat(inFlight.get(5, TimeUnit.SECONDS).body()).isEqualTo("{\"done\":true}");
    assertThatThrownBy(
            () ->
                http.send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/healthz"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString()))
        .isInstanceOf(IOException.class);
  }
}
