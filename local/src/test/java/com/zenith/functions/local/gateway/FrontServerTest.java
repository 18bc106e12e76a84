package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's Netty front (FrontServer) on the wire: pipelining, large bodies both ways, framing
 * it must rewrite, hop-by-hop headers, a stale kept-alive connection, and the client's address as
 * the engine's server behind it sees it.
 */
class FrontServerTest {
  private static final String ECHO = "echo.default.svc.cluster.local";
  private static final byte[] BIG = new byte[16 * 1024 * 1024];

  static {
    new Random(7).nextBytes(BIG);
  }

  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;
  private HttpServer backend;
  private HttpClient viaProxy;

  @BeforeEach
  void start() throws IOException {
    gateway = recordingGateway(routes, accessLines);
    port = gateway.listen(0);
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    backend.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    backend.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          String path = ex.getRequestURI().toString();
          byte[] out;
          if (path.equals("/big")) {
            out = BIG;
          } else {
            StringBuilder b = new StringBuilder(path);
            b.append(" len=").append(in.length).append(" sha=").append(sha(in));
            ex.getRequestHeaders()
                .forEach((k, v) -> b.append('\n').append(k.toLowerCase()).append(": ").append(v));
            out = b.toString().getBytes(StandardCharsets.UTF_8);
          }
          if (ex.getRequestMethod().equals("HEAD")) {
            ex.sendResponseHeaders(200, -1);
          } else {
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
          }
          ex.close();
        });
    backend.start();
    routes.put(route("echo", backend.getAddress().getPort()));
    viaProxy =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .connectTimeout(Duration.ofSeconds(5))
            .build();
  }

  @AfterEach
  void stop() {
    gateway.close();
    backend.stop(0);
  }

  /**
   * A gateway on loopback whose access log lines ("method target path status") go to {@code lines}.
   */
  static Gateway recordingGateway(RouteTable routes, List<String> lines) {
    return recordingGateway(routes, lines, () -> "{\"functions\":[]}");
  }

  /** The same, with {@code control} answering the engine's API and the broker's ingress. */
  static Gateway recordingGateway(RouteTable routes, List<String> lines, ControlApi control) {
    return new Gateway(
        routes,
        (caller, method, target, path, status, millis) ->
            lines.add(method + " " + target + " " + path + " " + status),
        control,
        "127.0.0.1");
  }

  private static Route route(String name, int port) {
    return new Route(name, "default", Visibility.CLUSTER_LOCAL, name, port, null);
  }

  private static String sha(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** One answer's head, up to and with its blank line. */
  static String readHead(InputStream in) throws IOException {
    StringBuilder head = new StringBuilder();
    while (!head.toString().endsWith("\r\n\r\n")) {
      int c = in.read();
      if (c < 0) {
        throw new IOException("closed after: " + head);
      }
      head.append((char) c);
    }
    return head.toString();
  }

  /** One answer with a Content-Length: its status line's first 12 characters, a space, the body. */
  static String readResponse(InputStream in) throws IOException {
    String head = readHead(in);
    String lower = head.toLowerCase(java.util.Locale.ROOT);
    int at = lower.indexOf("content-length: ");
    int len = Integer.parseInt(lower.substring(at + 16, lower.indexOf("\r\n", at)).trim());
    return head.substring(0, 12) + " " + new String(in.readNBytes(len), StandardCharsets.UTF_8);
  }

  @Test
  void pipelinedRequestsAreAnsweredInTheirOrder() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String one = "GET /first HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n";
      String two = "POST /second HTTP/1.1\r\nHost: " + ECHO + "\r\nContent-Length: 2\r\n\r\nhi";
      String three = "GET /nowhere HTTP/1.1\r\nHost: nope.default.svc.cluster.local\r\n\r\n";
      s.getOutputStream().write((one + two + three + one).getBytes(StandardCharsets.US_ASCII));
      InputStream in = s.getInputStream();
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200 /first len=0");
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200 /second len=2");
      assertThat(readResponse(in)).startsWith("HTTP/1.1 404").contains("unknown host");
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200 /first len=0");
    }
  }

  @Test
  void largeBodiesStreamBothWaysWhole() throws Exception {
    HttpResponse<String> up =
        viaProxy.send(
            HttpRequest.newBuilder(URI.create("http://" + ECHO + "/upload"))
                // A stream of unknown length: sent chunked.
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(BIG)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    HttpResponse<byte[]> down =
        viaProxy.send(
            HttpRequest.newBuilder(URI.create("http://" + ECHO + "/big")).build(),
            HttpResponse.BodyHandlers.ofByteArray());

    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(up.body()).startsWith("/upload len=" + BIG.length + " sha=" + sha(BIG));
    assertThat(down.statusCode()).isEqualTo(200);
    assertThat(down.body().length).isEqualTo(BIG.length);
    assertThat(sha(down.body())).isEqualTo(sha(BIG));
  }

  @Test
  void aFunctionsOwn100ContinueLeavesAPipelinedHeadItsOwnAnswer() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      InputStream in = s.getInputStream();
      out.write(
          ("POST /x HTTP/1.1\r\nHost: "
                  + ECHO
                  + "\r\nExpect: 100-continue\r\nContent-Length: 2\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(readHead(in)).startsWith("HTTP/1.1 100");
      out.write(
          ("hiHEAD /first HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n")
              .getBytes(StandardCharsets.US_ASCII));
      assertThat(readResponse(in)).startsWith("HTTP/1.1 200 /x len=2");
      assertThat(readHead(in)).startsWith("HTTP/1.1 200");
    }
  }

  @Test
  void aClientThatExpects100ContinueGetsItsSmallBodyThrough() throws Exception {
    // Bounded here: the JDK client's own timeout does not cover the wait for 100 Continue.
    HttpResponse<String> r =
        viaProxy
            .sendAsync(
                HttpRequest.newBuilder(URI.create("http://" + ECHO + "/expect"))
                    .expectContinue(true)
                    .POST(HttpRequest.BodyPublishers.ofString("twelve bytes"))
                    .build(),
                HttpResponse.BodyHandlers.ofString())
            .get(15, java.util.concurrent.TimeUnit.SECONDS);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("/expect len=12 ");
  }

  @Test
  void anAnswerBeforeTheWholeBodyLetsTheClientFinishAndGoOn() throws Exception {
    // A function that answers 413 at once and never reads the body: the gateway's line to it
    // fills, which pauses the client; once the answer is out the rest must still be read.
    try (ServerSocket refuser = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket c = refuser.accept()) {
                  readHead(c.getInputStream());
                  Thread.sleep(700); // long enough for the body to fill the line
                  c.getOutputStream()
                      .write(
                          "HTTP/1.1 413 Payload Too Large\r\nContent-Length: 4\r\n\r\nbig!"
                              .getBytes(StandardCharsets.US_ASCII));
                  Thread.sleep(30_000);
                } catch (Exception e) {
                  // closed by the gateway
                }
              });
      routes.put(route("refuser", refuser.getLocalPort()));
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        int size = 32 * 1024 * 1024;
        Thread writer =
            Thread.ofVirtual()
                .start(
                    () -> {
                      try {
                        out.write(
                            ("POST /upload HTTP/1.1\r\nHost: refuser.default.svc.cluster.local\r\n"
                                    + "Content-Length: "
                                    + size
                                    + "\r\n\r\n")
                                .getBytes(StandardCharsets.US_ASCII));
                        byte[] chunk = new byte[64 * 1024];
                        for (int sent = 0; sent < size; sent += chunk.length) {
                          out.write(chunk);
                        }
                        out.write(("GET /after HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n").getBytes());
                      } catch (IOException e) {
                        // the test fails on the answers
                      }
                    });
        InputStream in = s.getInputStream();
        assertThat(readResponse(in)).startsWith("HTTP/1.1 413 big!");
        assertThat(writer.join(Duration.ofSeconds(20))).as("the whole body was read").isTrue();
        assertThat(readResponse(in)).startsWith("HTTP/1.1 200 /after");
      }
    }
  }

  @Test
  void hopByHopHeadersStayBehindAndTheProxyHeadersAreSet() throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              ("GET /h HTTP/1.1\r\nHost: "
                      + ECHO
                      + "\r\nConnection: keep-alive, x-secret\r\nX-Secret: 1\r\n"
                      + "Keep-Alive: timeout=5\r\nProxy-Authorization: Basic eA==\r\n"
                      + "X-Kept: yes\r\n\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      String r = readResponse(s.getInputStream());
      assertThat(r)
          .contains("x-kept: [yes]")
          .contains("x-forwarded-for: [127.0.0.1]")
          .contains("x-forwarded-host: [" + ECHO + "]")
          .contains("host: [" + ECHO + "]")
          .doesNotContain("x-secret")
          .doesNotContain("keep-alive: [timeout")
          .doesNotContain("proxy-authorization");
    }
  }

  @Test
  void aCloseDelimitedAnswerReachesAnHttp11ClientChunkedAndWhole() throws Exception {
    try (ServerSocket old = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket c = old.accept()) {
                  readHead(c.getInputStream());
                  c.getOutputStream()
                      .write(
                          "HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nsaid the old server"
                              .getBytes(StandardCharsets.US_ASCII));
                } catch (IOException e) {
                  // the test fails on the answer
                }
              });
      routes.put(route("old", old.getLocalPort()));
      HttpResponse<String> r =
          viaProxy.send(
              HttpRequest.newBuilder(URI.create("http://old.default.svc.cluster.local/")).build(),
              HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.body()).isEqualTo("said the old server");
      assertThat(r.headers().firstValue("transfer-encoding")).hasValue("chunked");
    }
  }

  @Test
  void aKeptAliveConnectionTheFunctionDropsIsTriedOnceMoreOnANewOne() throws Exception {
    // Answers the first request on each connection, then closes the line at the next one without
    // an answer (a server whose keep-alive timer fired as the request came).
    try (ServerSocket flaky = new ServerSocket(0, 8, InetAddress.getLoopbackAddress())) {
      com.zenith.functions.local.RawServers.acceptEach(
          flaky,
          c -> {
            try (c) {
              readHead(c.getInputStream());
              c.getOutputStream()
                  .write(
                      "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                          .getBytes(StandardCharsets.US_ASCII));
              readHead(c.getInputStream());
            } catch (IOException e) {
              // the gateway went away
            }
          });
      routes.put(route("flaky", flaky.getLocalPort()));
      for (int i = 0; i < 3; i++) {
        HttpResponse<String> r =
            viaProxy.send(
                HttpRequest.newBuilder(URI.create("http://flaky.default.svc.cluster.local/"))
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as("request %d", i).isEqualTo(200);
        assertThat(r.body()).isEqualTo("ok");
      }
    }
  }

  @Test
  void theEnginesServerBehindTheFrontSeesTheClientsOwnAddress() throws Exception {
    // /_zenith/fn/ is served by the engine's server, whose forwarder sets X-Forwarded-For from
    // the connection's remote address: the PROXY header must carry the client's (127.0.0.2).
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress("127.0.0.2", 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "GET /_zenith/fn/default/echo/behind HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
              .getBytes(StandardCharsets.US_ASCII));
      String relayed = readResponse(s.getInputStream());
      out.write(("GET /direct HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n").getBytes());
      String direct = readResponse(s.getInputStream());
      assertThat(relayed)
          .startsWith("HTTP/1.1 200 /behind")
          .contains("x-forwarded-for: [127.0.0.2]");
      assertThat(direct)
          .startsWith("HTTP/1.1 200 /direct")
          .contains("x-forwarded-for: [127.0.0.2]");
    }
  }
}
