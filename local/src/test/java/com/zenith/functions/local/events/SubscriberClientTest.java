package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The broker's delivery client against a real HTTP server on loopback. */
class SubscriberClientTest {
  private static final int BIG = 8 << 20;

  private final java.util.List<String> received = new java.util.concurrent.CopyOnWriteArrayList<>();
  private HttpServer server;
  private SubscriberClient client;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          String id = ex.getRequestHeaders().getFirst("ce-id");
          received.add(id);
          if ("slow".equals(id)) {
            try {
              Thread.sleep(1_500);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          boolean big = "big".equals(ex.getRequestHeaders().getFirst("ce-id"));
          byte[] out = big ? new byte[BIG] : ("got " + in.length).getBytes();
          ex.getResponseHeaders().add("Ce-Type", "reply.type");
          ex.sendResponseHeaders(202, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    server.start();
    client = new SubscriberClient(2, Duration.ofSeconds(2), 1024);
  }

  @AfterEach
  void stop() {
    client.close();
    server.stop(0);
  }

  private SubscriberClient.Answer post(String id) throws Exception {
    return client
        .post(
            server.getAddress().getPort(),
            Map.of("ce-id", id),
            "hello".getBytes(),
            Duration.ofSeconds(10))
        .get(20, TimeUnit.SECONDS);
  }

  @Test
  void anAnswerComesWithItsStatusLowerCaseHeadersAndBody() throws Exception {
    SubscriberClient.Answer a = post("small");

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.header("ce-type")).isEqualTo("reply.type");
    assertThat(new String(a.body())).isEqualTo("got 5");
    assertThat(a.length()).isEqualTo(5);
  }

  @Test
  void aBodyLongerThanTheLimitIsReadToItsEndButNotKept() throws Exception {
    SubscriberClient.Answer a = post("big");

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.length()).isEqualTo(BIG);
    assertThat(a.body()).isEmpty();
    // The connection is still good for the next delivery.
    assertThat(new String(post("after").body())).isEqualTo("got 5");
  }

  @Test
  void aDeliveryThatTimesOutWaitingForAConnectionIsNeverSentLater() throws Exception {
    client.close();
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024); // one connection per port
    int port = server.getAddress().getPort();
    var slow = client.post(port, Map.of("ce-id", "slow"), new byte[0], Duration.ofSeconds(10));
    BrokerHarness.await(() -> received.contains("slow"));
    var queued = client.post(port, Map.of("ce-id", "queued"), new byte[0], Duration.ofMillis(300));

    var failure =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.util.concurrent.ExecutionException.class, () -> queued.get(20, TimeUnit.SECONDS));
    assertThat(failure.getCause()).isInstanceOf(java.util.concurrent.TimeoutException.class);
    assertThat(slow.get(20, TimeUnit.SECONDS).status()).isEqualTo(202);
    // The next delivery gets the connection; the timed-out one, queued before it, never goes.
    assertThat(post("next").status()).isEqualTo(202);
    assertThat(received).containsExactly("slow", "next");
  }
}
