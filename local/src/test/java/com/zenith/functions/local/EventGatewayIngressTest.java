package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.local.engine.EngineControl;
import com.zenith.functions.local.events.BrokerHarness;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.RouteTable;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The broker ingress through the real gateway and the session's control adapter: oversized events
 * are refused with 413 while their bytes stream past, raw and percent-encoded non-ASCII attribute
 * values arrive intact, and what was accepted survives a restart.
 */
class EventGatewayIngressTest {
  private static final long HUNDRED_MB = 100L * 1024 * 1024;

  @TempDir Path dir;
  private BrokerHarness h;
  private Gateway gateway;
  private int port;
  private final HttpClient client =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .version(HttpClient.Version.HTTP_1_1)
          .build();

  private void startGateway() {
    gateway =
        new Gateway(
            new RouteTable(),
            AccessLog.none(),
            new EngineControl(List::of, h.broker, "test-token", dir.resolve("logs")),
            "127.0.0.1");
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() {
    if (gateway != null) {
      gateway.close();
    }
    if (h != null) {
      h.close();
    }
  }

  private HttpRequest.Builder event(String id) {
    return HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + port + "/_zenith/broker/default/default"))
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "test")
        .header("ce-type", "t")
        .header("content-type", "application/octet-stream");
  }

  /** {@code size} bytes made as they are read, so the client holds none of them either. */
  private static InputStream zeros(long size) {
    return new InputStream() {
      long left = size;

      @Override
      public int read() {
        return left-- > 0 ? 0 : -1;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        if (left <= 0) {
          return -1;
        }
        int n = (int) Math.min(len, left);
        java.util.Arrays.fill(b, off, off + n, (byte) 0);
        left -= n;
        return n;
      }
    };
  }

  @Test
  void aHundredMegabyteEventIsRefusedWith413AndTheAcceptedOnesSurviveARestart() throws Exception {
    h = new BrokerHarness(dir);
    h.trigger("sub", Map.of());
    h.broker.recover();
    startGateway();

    var first =
        client.send(
            event("small-1").POST(HttpRequest.BodyPublishers.ofString("x")).build(),
            HttpResponse.BodyHandlers.ofString());
    var declared =
        client.send(
            event("huge-declared")
                .POST(
                    HttpRequest.BodyPublishers.fromPublisher(
                        HttpRequest.BodyPublishers.ofInputStream(() -> zeros(HUNDRED_MB)),
                        HUNDRED_MB))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var chunked =
        client.send(
            event("huge-chunked")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> zeros(HUNDRED_MB)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    var second =
        client.send(
            event("small-2").POST(HttpRequest.BodyPublishers.ofString("y")).build(),
            HttpResponse.BodyHandlers.ofString());
    long accepted = h.broker.accepted();
    gateway.close();
    gateway = null;

    h.restart();
    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    h.trigger("sub", Map.of());
    int resumed = h.broker.recover();
    BrokerHarness.await(() -> h.broker.delivered() == 2);

    assertThat(first.statusCode()).isEqualTo(202);
    assertThat(declared.statusCode()).isEqualTo(413);
    assertThat(declared.body())
        .contains("the request body is " + HUNDRED_MB + " bytes")
        .contains("at most 4194304 bytes");
    assertThat(chunked.statusCode()).isEqualTo(413);
    assertThat(chunked.body())
        .as("refused while streaming, not after buffering")
        .contains("the request body is larger");
    assertThat(second.statusCode()).isEqualTo(202);
    assertThat(accepted).isEqualTo(2);
    assertThat(resumed).isEqualTo(2);
    assertThat(s.ids()).containsExactlyInAnyOrder("small-1", "small-2");
    assertThat(h.broker.deadLetters()).isEmpty();
  }

  @Test
  void rawUtf8AndPercentEncodedHeaderValuesArriveIntactAndMatchFilters() throws Exception {
    h = new BrokerHarness(dir);
    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    h.trigger("sub", Map.of("city", "Zürich"));
    h.broker.recover();
    startGateway();

    String raw = rawPost("raw-1", "Zürich".getBytes(StandardCharsets.UTF_8));
    String encoded = rawPost("enc-1", "Z%C3%BCrich".getBytes(StandardCharsets.US_ASCII));
    String other = rawPost("other-1", "Zurich".getBytes(StandardCharsets.US_ASCII));

    assertThat(raw).startsWith("HTTP/1.1 202");
    assertThat(encoded).startsWith("HTTP/1.1 202");
    assertThat(other).startsWith("HTTP/1.1 202");
    BrokerHarness.await(() -> s.received.size() == 2);
    assertThat(s.ids()).containsExactlyInAnyOrder("raw-1", "enc-1");
    assertThat(s.headers)
        .allSatisfy(hd -> assertThat(hd.get("Ce-city")).containsExactly("Z%C3%BCrich"));
  }

  /** One binary-mode POST written byte by byte, as a client that sends raw UTF-8 headers does. */
  private String rawPost(String id, byte[] city) throws Exception {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "ce-specversion: 1.0\r\nce-id: "
                  + id
                  + "\r\nce-source: raw\r\nce-type: t\r\n"
                  + "content-type: text/plain\r\ncontent-length: 2\r\nconnection: close\r\nce-city: ")
              .getBytes(StandardCharsets.US_ASCII));
      out.write(city);
      out.write("\r\n\r\nhi".getBytes(StandardCharsets.US_ASCII));
      out.flush();
      return new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
  }
}
