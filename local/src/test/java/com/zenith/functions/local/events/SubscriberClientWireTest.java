package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's delivery client against a server of raw sockets whose answers are scripted by the
 * event id: broken bodies, close-delimited answers, interim answers, headers Netty refuses, refused
 * ports, a close with deliveries in flight.
 */
class SubscriberClientWireTest {
  private ServerSocket server;
  private SubscriberClient client;
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<Socket> sockets = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws IOException {
    server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    com.zenith.functions.local.RawServers.acceptEach(
        server,
        s -> {
          sockets.add(s);
          serve(s);
        });
  }

  @AfterEach
  void stop() throws IOException {
    if (client != null) {
      client.close();
    }
    server.close();
    for (Socket s : sockets) {
      s.close();
    }
  }

  /** Reads requests; answers each by its ce-id. */
  private void serve(Socket s) {
    try (s) {
      InputStream in = s.getInputStream();
      OutputStream out = s.getOutputStream();
      while (true) {
        String head = readHead(in);
        if (head == null) {
          return;
        }
        String id = null;
        int length = 0;
        for (String line : head.split("\r\n")) {
          String l = line.toLowerCase(Locale.ROOT);
          if (l.startsWith("ce-id:")) {
            id = line.substring(6).trim();
          } else if (l.startsWith("content-length:")) {
            length = Integer.parseInt(line.substring(15).trim());
          }
        }
        in.readNBytes(length);
        received.add(id);
        switch (id) {
          case "badchunk" -> {
            out.write(
                "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\nZZ\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
          case "closedelimited" -> {
            Thread.sleep(300);
            out.write("HTTP/1.1 200 OK\r\n\r\nuntil-close".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            return; // closes
          }
          case "continue" -> {
            out.write(
                ("HTTP/1.1 100 Continue\r\n\r\n" + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
          }
          case "hang" -> Thread.sleep(60_000);
          case "slow" -> {
            Thread.sleep(300);
            ok(out);
          }
          default -> ok(out);
        }
      }
    } catch (Exception e) {
      // the connection ends
    }
  }

  private static void ok(OutputStream out) throws IOException {
    out.write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.US_ASCII));
    out.flush();
  }

  private static String readHead(InputStream in) throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    int state = 0;
    for (int c; (c = in.read()) >= 0; ) {
      b.write(c);
      state =
          (c == '\r' && (state == 0 || state == 2))
              ? state + 1
              : (c == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
      if (state == 4) {
        return b.toString(StandardCharsets.US_ASCII);
      }
    }
    return null;
  }

  private CompletableFuture<SubscriberClient.Answer> post(String id, Duration timeout) {
    return client.post(server.getLocalPort(), Map.of("ce-id", id), "hi".getBytes(), timeout);
  }

  @Test
  void aBrokenChunkedBodyIsAFailureAndTheConnectionIsNotReused() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var broken = post("badchunk", Duration.ofSeconds(3));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> broken.get(10, TimeUnit.SECONDS));
    assertThat(e.getCause()).isNotInstanceOf(TimeoutException.class);
  }

  @Test
  void theDeliveryAfterABrokenChunkedBodyIsAnswered() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    try {
      post("badchunk", Duration.ofSeconds(3)).get(10, TimeUnit.SECONDS);
    } catch (ExecutionException ignored) {
      // the broken one
    }
    assertThat(post("next", Duration.ofSeconds(3)).get(10, TimeUnit.SECONDS).status())
        .isEqualTo(200);
  }

  @Test
  void aDeliveryWaitingBehindACloseDelimitedAnswerGetsAFreshConnection() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var first = post("closedelimited", Duration.ofSeconds(5));
    BrokerHarness.await(() -> received.contains("closedelimited"));
    var waiting = post("next", Duration.ofSeconds(5));
    assertThat(new String(first.get(10, TimeUnit.SECONDS).body())).isEqualTo("until-close");
    assertThat(waiting.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void anInterimAnswerIsSkipped() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var a = post("continue", Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS);
    assertThat(a.status()).isEqualTo(200);
    assertThat(new String(a.body())).isEqualTo("ok");
    assertThat(post("next", Duration.ofSeconds(5)).get(10, TimeUnit.SECONDS).status())
        .isEqualTo(200);
  }

  @Test
  void closeCompletesDeliveriesInFlightAndQueued() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var inFlight = post("hang", Duration.ofSeconds(60));
    BrokerHarness.await(() -> received.contains("hang"));
    var queued = post("next", Duration.ofSeconds(60));
    client.close();
    client = null;
    BrokerHarness.await(() -> inFlight.isDone() && queued.isDone());
  }

  @Test
  void anInvalidHeaderValueFailsThatDeliveryAtOnce() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var bad =
        client.post(
            server.getLocalPort(),
            Map.of("ce-id", "x", "content-type", "text/plain\r\nx-injected: 1"),
            new byte[0],
            Duration.ofSeconds(5));
    ExecutionException e =
        assertThrows(ExecutionException.class, () -> bad.get(10, TimeUnit.SECONDS));
    assertThat(e.getCause()).isNotInstanceOf(TimeoutException.class);
  }

  @Test
  void anInvalidHeaderValueQueuedDoesNotCostTheAnswerBeforeIt() throws Exception {
    client = new SubscriberClient(1, Duration.ofSeconds(2), 1024);
    var slow = post("slow", Duration.ofSeconds(3));
    BrokerHarness.await(() -> received.contains("slow"));
    client.post(
        server.getLocalPort(),
        Map.of("ce-id", "x", "content-type", "text/plain\r\nx-injected: 1"),
        new byte[0],
        Duration.ofSeconds(5));
    assertThat(slow.get(10, TimeUnit.SECONDS).status()).isEqualTo(200);
  }

  @Test
  void refusedConnectionsAllFailAndNoneWaitForever() throws Exception {
    int dead;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      dead = s.getLocalPort();
    }
    client = new SubscriberClient(2, Duration.ofSeconds(2), 1024);
    List<CompletableFuture<SubscriberClient.Answer>> all = new java.util.ArrayList<>();
    for (int i = 0; i < 20; i++) {
      all.add(client.post(dead, Map.of("ce-id", "x"), new byte[0], Duration.ofSeconds(30)));
    }
    for (var f : all) {
      ExecutionException e =
          assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
      assertThat(e.getCause()).isInstanceOf(java.net.ConnectException.class);
    }
  }

  @Test
  void aStructuredEventWithAControlCharacterInItsContentTypeIsRefused() {
    byte[] json =
        ("{\"specversion\":\"1.0\",\"id\":\"1\",\"source\":\"/s\",\"type\":\"t\","
                + "\"datacontenttype\":\"text/plain\\u0001\",\"data\":\"x\"}")
            .getBytes(StandardCharsets.UTF_8);
    var refused =
        assertThrows(
            EventCodec.InvalidEventException.class,
            () ->
                EventCodec.read(
                    Map.of("content-type", List.of("application/cloudevents+json")), json));
    assertThat(refused.getMessage()).contains("datacontenttype").contains("U+0001");
  }
}
