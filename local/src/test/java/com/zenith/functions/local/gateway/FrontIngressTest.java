package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The broker's ingress as the gateway's front takes it (IngressExchange): by the broker's cluster
 * host and by path, the body whole and within the limit, 413 with the line kept, Expect:
 * 100-continue, and a web page's Origin still refused.
 */
class FrontIngressTest {
  private static final int LIMIT = 1024;

  private record Ingested(String ns, String name, Map<String, List<String>> headers, String body) {}

  private final List<Ingested> ingested = new CopyOnWriteArrayList<>();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;

  @BeforeEach
  void start() {
    ControlApi control =
        new ControlApi() {
          @Override
          public String functionsJson() {
            return "{\"functions\":[]}";
          }

          @Override
          public CompletionStage<Answer> ingest(
              String ns, String name, Map<String, List<String>> headers, byte[] body) {
            ingested.add(new Ingested(ns, name, headers, new String(body, StandardCharsets.UTF_8)));
            // Answered off the event loop, as the broker's journal answers.
            return CompletableFuture.supplyAsync(() -> new Answer(202, "{\"accepted\":1}"));
          }

          @Override
          public long ingestLimit(String contentType) {
            return LIMIT;
          }
        };
    gateway = FrontServerTest.recordingGateway(new RouteTable(), accessLines, control);
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() {
    gateway.close();
  }

  @Test
  void anEventSentToTheBrokersClusterHostReachesTheBrokerWhole() throws Exception {
    HttpClient viaProxy =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    HttpResponse<String> r =
        viaProxy.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://broker-ingress.knative-eventing.svc.cluster.local/team/default"))
                .header("Ce-Id", "1")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(202);
    assertThat(r.body()).isEqualTo("{\"accepted\":1}");
    assertThat(ingested).hasSize(1);
    Ingested e = ingested.get(0);
    assertThat(e.ns()).isEqualTo("team");
    assertThat(e.name()).isEqualTo("default");
    assertThat(e.body()).isEqualTo("{\"n\":1}");
    assertThat(e.headers()).containsEntry("ce-id", List.of("1"));
    assertThat(accessLines).contains("POST broker team/default /team/default 202");
  }

  @Test
  void aChunkedBodyPastTheLimitGets413AndTheSameLineThenPublishes() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      String chunk = "x".repeat(800);
      String big =
          "POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Transfer-Encoding: chunked\r\n\r\n"
              + Integer.toHexString(chunk.length())
              + "\r\n"
              + chunk
              + "\r\n"
              + Integer.toHexString(chunk.length())
              + "\r\n"
              + chunk
              + "\r\n0\r\n\r\n";
      out.write(big.getBytes(StandardCharsets.US_ASCII));
      assertThat(FrontServerTest.readResponse(in))
          .startsWith("HTTP/1.1 413")
          .contains("at most " + LIMIT + " bytes");

      out.write(
          ("POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Content-Length: 2\r\n\r\nok")
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(FrontServerTest.readResponse(in)).startsWith("HTTP/1.1 202");
    }
    assertThat(ingested).extracting(Ingested::body).containsExactly("ok");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyIsSent() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ("POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                  + "Expect: 100-continue\r\nContent-Length: 5\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      byte[] cont = in.readNBytes("HTTP/1.1 100 Continue\r\n\r\n".length());
      assertThat(new String(cont, StandardCharsets.US_ASCII))
          .isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");
      out.write("hello".getBytes(StandardCharsets.US_ASCII));
      assertThat(FrontServerTest.readResponse(in)).startsWith("HTTP/1.1 202");
    }
    assertThat(ingested).extracting(Ingested::body).containsExactly("hello");
  }

  @Test
  void aWebPagesOriginIsStillRefusedOnTheEnginesAddress() throws Exception {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/_zenith/broker/default/default"))
                    .header("Origin", "http://evil.example")
                    .POST(HttpRequest.BodyPublishers.ofString("{}"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(403);
    assertThat(ingested).isEmpty();
  }

  private static final String PUBLISH =
      "POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n";

  @Test
  void aPipelinedRequestAfterA100ContinueGetsItsOwnAnswer() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              (PUBLISH
                      + "Expect: 100-continue\r\nContent-Length: 2\r\n\r\nok"
                      // A HEAD: Netty's encoder, pairing answers with requests, would leave
                      // the 202 without its body had it counted the 100 as an answer.
                      + "HEAD /_zenith/ui/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(FrontServerTest.readHead(in)).startsWith("HTTP/1.1 100 Continue");
      assertThat(FrontServerTest.readResponse(in)).isEqualTo("HTTP/1.1 202 {\"accepted\":1}");
      assertThat(FrontServerTest.readHead(in)).startsWith("HTTP/1.1 ");
    }
    assertThat(ingested).extracting(Ingested::body).containsExactly("ok");
  }

  @Test
  void aBodyTheDecoderCannotReadGets400AndTheConnectionCloses() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              (PUBLISH + "Transfer-Encoding: chunked\r\n\r\nzz\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(FrontServerTest.readResponse(in)).startsWith("HTTP/1.1 400");
      assertThat(in.read()).isEqualTo(-1); // closed: the decoder reads nothing more on it
    }
    assertThat(ingested).isEmpty();
  }

  @Test
  void aDeclaredBodyOverTheLimitWithExpectContinueGets413AndTheConnectionCloses() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              (PUBLISH + "Expect: 100-continue\r\nContent-Length: 5000\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      String head = FrontServerTest.readHead(in);
      assertThat(head).startsWith("HTTP/1.1 413").containsIgnoringCase("connection: close");
    }
    assertThat(ingested).isEmpty();
  }

  @Test
  void anHttp10ClientThatKeepsAliveIsToldSoAndServedAgain() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String one =
          "POST /_zenith/broker/default/default HTTP/1.0\r\nHost: 127.0.0.1\r\n"
              + "Connection: keep-alive\r\nContent-Length: 2\r\n\r\nok";
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(one.getBytes(StandardCharsets.US_ASCII));
      String head = FrontServerTest.readHead(in);
      assertThat(head).startsWith("HTTP/1.0 202").containsIgnoringCase("connection: keep-alive");
      in.readNBytes(Integer.parseInt(head.replaceAll("(?is).*content-length: *(\\d+).*", "$1")));
      out.write(one.getBytes(StandardCharsets.US_ASCII));
      assertThat(FrontServerTest.readHead(in)).startsWith("HTTP/1.0 202");
    }
    assertThat(ingested).hasSize(2);
  }
}
