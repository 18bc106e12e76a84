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
    client = vertx.createWebSocketClient();
    WebSocket ws =
        client
            .connect(
                new WebSocketConnectOptions()
                    .setHost("127.0.0.1")
                    .setPort(port)
                    .addHeader("Host", "chat.default.localhost:" + port)
                    .setURI("/room"))
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
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
}
