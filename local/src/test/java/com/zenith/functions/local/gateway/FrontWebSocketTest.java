package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.Visibility;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A WebSocket to a function through the gateway by its Host header, as a browser opens one to
 * {@code <fn>.<ns>.localhost}: the upgrade reaches the function, its 101 comes back, and frames go
 * both ways; Vert.x's own WebSocket client and server at the two ends.
 */
class FrontWebSocketTest {
  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private Vertx vertx;

  // Held, not left to the collector: Vert.x closes a client that is no longer referenced (its
  // Cleaner), and with it the WebSocket that client opened; the test failed after a GC so.
  private io.vertx.core.http.WebSocketClient client;
  private HttpServer backend;
  private Gateway gateway;
  private int port;

  @BeforeEach
  void start() throws Exception {
    vertx = Vertx.vertx();
    backend =
        vertx
            .createHttpServer()
            .webSocketHandler(ws -> ws.textMessageHandler(m -> ws.writeTextMessage("echo " + m)))
            .requestHandler(r -> r.response().setStatusCode(426).end("upgrade required"))
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    routes.put(
        new Route("chat", "default", Visibility.EXTERNAL, "chat", backend.actualPort(), null));
    gateway = FrontServerTest.recordingGateway(routes, accessLines);
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() {
    if (client != null) {
      client.close();
    }
    gateway.close();
    vertx.close();
  }

  @Test
  void aWebSocketByTheFunctionsHostUpgradesAndCarriesFramesBothWays() throws Exception {
    WebSocket ws = connect();
    List<String> got = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> two = new CompletableFuture<>();
    ws.textMessageHandler(
        m -> {
          got.add(m);
          if (got.size() == 2) {
            two.complete(null);
          }
        });
    ws.writeTextMessage("one");
    ws.writeTextMessage("two");
    two.get(10, TimeUnit.SECONDS);
    assertThat(got).containsExactly("echo one", "echo two");
    assertThat(accessLines).contains("GET default/chat /room 101");
    ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private WebSocket connect() throws Exception {
    if (client == null) {
      client = vertx.createWebSocketClient();
    }
    return client
        .connect(
            new WebSocketConnectOptions()
                .setHost("127.0.0.1")
                .setPort(port)
                .addHeader("Host", "chat.default.localhost:" + port)
                .setURI("/room"))
        .toCompletionStage()
        .toCompletableFuture()
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void aWebSocketToAFunctionThatIsStartingWaitsForItThenUpgrades() throws Exception {
    Route running = routes.get("default", "chat");
    routes.put(running.starting("Deploying: the process is starting"));
    CompletableFuture<WebSocket> opened = new CompletableFuture<>();
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                opened.complete(connect());
              } catch (Exception e) {
                opened.completeExceptionally(e);
              }
            });
    // Held on the front until the function comes up.
    com.zenith.functions.local.events.BrokerHarness.await(
        () -> routes.waiting("default/chat") == 1);
    routes.put(running);

    WebSocket ws = opened.get(20, TimeUnit.SECONDS);
    CompletableFuture<String> echo = new CompletableFuture<>();
    ws.textMessageHandler(echo::complete);
    ws.writeTextMessage("late");
    assertThat(echo.get(10, TimeUnit.SECONDS)).isEqualTo("echo late");
    assertThat(accessLines).contains("GET default/chat /room 101");
    ws.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void aWebSocketToAFunctionThatDoesNotComeUpInItsTimeoutGets503WithTheReason() throws Exception {
    Route running = routes.get("default", "chat");
    routes.put(
        new Route("chat", "default", Visibility.EXTERNAL, "chat", running.port(), null, 1, false)
            .starting("Deploying: the process is starting"));

    var failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, this::connect);

    assertThat(failure.getCause()).isInstanceOf(io.vertx.core.http.UpgradeRejectedException.class);
    var rejected = (io.vertx.core.http.UpgradeRejectedException) failure.getCause();
    assertThat(rejected.getStatus()).isEqualTo(503);
    assertThat(rejected.getBody().toString()).contains("Deploying: the process is starting");
    assertThat(accessLines).contains("GET default/chat /room 503");
  }
}
