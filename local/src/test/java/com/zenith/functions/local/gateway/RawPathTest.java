package com.zenith.functions.local.gateway;

import static com.zenith.functions.local.gateway.FrontServerTest.readHead;
import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.RawServers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's raw path (RawFront, RawForward, RawAnswer) on the wire, against scripted servers:
 * what it rewrites and what it passes on byte for byte, the framings of an answer, and the line
 * kept alive across them. Bytes a codec would change (spacing in a header) show which path ran.
 */
class RawPathTest {
  private static final String FN = "fn.default.svc.cluster.local";

  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private final BlockingQueue<String> seen = new LinkedBlockingQueue<>();
  private Gateway gateway;
  private int port;
  private ServerSocket backend;

  @BeforeEach
  void start() {
    gateway = FrontServerTest.recordingGateway(routes, accessLines);
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() throws IOException {
    gateway.close();
    if (backend != null) {
      backend.close();
    }
  }

  /** A function that answers each request head on a connection with {@code answer(head)}. */
  private void function(Function<String, String> answer) throws IOException {
    backend = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    RawServers.acceptEach(
        backend,
        c -> {
          try (c) {
            while (true) {
              String head = readHead(c.getInputStream());
              seen.add(head);
              OutputStream out = c.getOutputStream();
              for (String part : answer.apply(head).split("\\|")) { // | : a separate write
                out.write(part.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                Thread.sleep(5);
              }
            }
          } catch (IOException | InterruptedException e) {
            // the gateway closed the line
          }
        });
    routes.put(
        new Route("fn", "default", Visibility.CLUSTER_LOCAL, "fn", backend.getLocalPort(), null));
  }

  private static String get(String path, String extra) {
    return "GET " + path + " HTTP/1.1\r\nHost: " + FN + "\r\n" + extra + "\r\n";
  }

  /** Reads {@code n} bytes, or until the line closes when {@code n} < 0. */
  private static String read(InputStream in, int n) throws IOException {
    if (n < 0) {
      ByteArrayOutputStream all = new ByteArrayOutputStream();
      in.transferTo(all);
      return all.toString(StandardCharsets.ISO_8859_1);
    }
    return new String(in.readNBytes(n), StandardCharsets.ISO_8859_1);
  }

  @Test
  void aPlainAnswerPassesAsItCameAndTheRequestHeadIsRewrittenFromItsBytes() throws Exception {
    String answer = "HTTP/1.1 200 OK\r\nX-Odd:\t two  spaces\r\nContent-Length: 5\r\n\r\nhello";
    function(h -> answer);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              get("/a?b=1", "X-Mine:  a  b \r\nKeep-Alive: 5\r\nTE: trailers\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(read(s.getInputStream(), answer.length())).isEqualTo(answer);
    }
    String head = seen.poll(10, TimeUnit.SECONDS);
    assertThat(head)
        .startsWith("GET /a?b=1 HTTP/1.1\r\n")
        .contains("\r\nX-Mine:  a  b \r\n")
        .contains("\r\nHost: " + FN + "\r\n")
        .contains("\r\nX-Forwarded-For: 127.0.0.1\r\n")
        .contains("\r\nX-Forwarded-Host: " + FN + "\r\n")
        .doesNotContainIgnoringCase("keep-alive")
        .doesNotContainIgnoringCase("\r\nte:");
    assertThat(accessLines).containsExactly("GET default/fn /a?b=1 200");
  }

  @Test
  void aChunkedAnswerInPiecesEndsWhereItsLastChunkEndsAndTheLineGoesOn() throws Exception {
    String chunked =
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n|5;x=y\r\nhel|lo\r\n|6\r\n wo"
            + "rld\r\n0\r\nX-T|railer: t\r\n\r\n";
    function(h -> chunked);
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      String whole = chunked.replace("|", "");
      for (int i = 0; i < 2; i++) {
        s.getOutputStream().write(get("/c" + i, "").getBytes(StandardCharsets.US_ASCII));
        assertThat(read(s.getInputStream(), whole.length())).as("answer %d", i).isEqualTo(whole);
      }
    }
    assertThat(accessLines).containsExactly("GET default/fn /c0 200", "GET default/fn /c1 200");
  }

  @Test
  void anAnswerTheCloseEndsReachesTheClientChunkedAndItsLineStaysOpen() throws Exception {
    // A server that answers once per line, ended by its close only.
    backend = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    RawServers.acceptEach(
        backend,
        c -> {
          try (c) {
            readHead(c.getInputStream());
            c.getOutputStream()
                .write(
                    "HTTP/1.0 200 OK\r\nConnection: close\r\nX-A: 1\r\n\r\nsaid the old server"
                        .getBytes(StandardCharsets.US_ASCII));
          } catch (IOException e) {
            // the test fails on the answer
          }
        });
    routes.put(
        new Route("fn", "default", Visibility.CLUSTER_LOCAL, "fn", backend.getLocalPort(), null));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      for (int i = 0; i < 2; i++) {
        s.getOutputStream().write(get("/old", "").getBytes(StandardCharsets.US_ASCII));
        String head = readHead(s.getInputStream());
        assertThat(head)
            .startsWith("HTTP/1.1 200 OK\r\n")
            .contains("\r\nX-A: 1\r\n")
            .contains("\r\nTransfer-Encoding: chunked\r\n")
            .doesNotContainIgnoringCase("connection");
        String body = chunks(s.getInputStream());
        assertThat(body).as("answer %d", i).isEqualTo("said the old server");
      }
    }
  }

  /** A chunked body, its chunks joined. */
  private static String chunks(InputStream in) throws IOException {
    StringBuilder body = new StringBuilder();
    while (true) {
      StringBuilder line = new StringBuilder();
      while (line.length() < 2 || !line.toString().endsWith("\r\n")) {
        line.append((char) in.read());
      }
      int size = Integer.parseInt(line.toString().trim(), 16);
      body.append(read(in, size));
      assertThat(read(in, 2)).isEqualTo("\r\n");
      if (size == 0) {
        return body.toString();
      }
    }
  }

  @Test
  void anInterimAnswerGoesBeforeTheFinalOneAndAFailingFunctionGives502() throws Exception {
    function(
        h ->
            h.startsWith("GET /bad")
                ? "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nabc"
                : "HTTP/1.1 103 Early Hints\r\nLink: </s.css>\r\n\r\n|"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream().write(get("/hint", "").getBytes(StandardCharsets.US_ASCII));
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 103 Early Hints\r\n");
      assertThat(readHead(s.getInputStream())).startsWith("HTTP/1.1 200 OK\r\n");
      assertThat(read(s.getInputStream(), 2)).isEqualTo("ok");
      s.getOutputStream().write(get("/bad", "").getBytes(StandardCharsets.US_ASCII));
      String head = readHead(s.getInputStream());
      assertThat(head).startsWith("HTTP/1.1 502 ").contains("X-Zenith-Gateway: error");
    }
    assertThat(accessLines).containsExactly("GET default/fn /hint 200", "GET default/fn /bad 502");
  }

  @Test
  void aClientThatAsksForCloseGetsItsAnswerThenTheClose() throws Exception {
    function(h -> "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(get("/bye", "Connection: close\r\n").getBytes(StandardCharsets.US_ASCII));
      String all = read(s.getInputStream(), -1);
      assertThat(all).startsWith("HTTP/1.1 200 OK\r\n").contains("\r\nConnection: close\r\n");
      assertThat(all).endsWith("\r\n\r\nok");
    }
  }

  @Test
  void aBodyInPiecesReachesTheFunctionWholeAndARequestCutAcrossReadsStillGoes() throws Exception {
    backend = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
    RawServers.acceptEach(
        backend,
        c -> {
          try (c) {
            while (true) {
              String head = readHead(c.getInputStream());
              int at = head.toLowerCase().indexOf("content-length: ");
              int len =
                  at < 0 ? 0 : Integer.parseInt(head.substring(at + 16, head.indexOf("\r\n", at)));
              String body = read(c.getInputStream(), len);
              String out = head.substring(0, head.indexOf("\r\n")) + " " + body;
              c.getOutputStream()
                  .write(
                      ("HTTP/1.1 200 OK\r\nContent-Length: " + out.length() + "\r\n\r\n" + out)
                          .getBytes(StandardCharsets.ISO_8859_1));
            }
          } catch (IOException e) {
            // the gateway closed the line
          }
        });
    routes.put(
        new Route("fn", "default", Visibility.CLUSTER_LOCAL, "fn", backend.getLocalPort(), null));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.setTcpNoDelay(true);
      OutputStream out = s.getOutputStream();
      String post = "POST /p HTTP/1.1\r\nHost: " + FN + "\r\nContent-Length: 10\r\n\r\n";
      for (String part : new String[] {post + "01234", "567", "89"}) {
        out.write(part.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        Thread.sleep(20);
      }
      String expect = "POST /p HTTP/1.1 0123456789";
      assertThat(readHead(s.getInputStream())).contains("Content-Length: " + expect.length());
      assertThat(read(s.getInputStream(), expect.length())).isEqualTo(expect);
      // A head in two reads: the raw path steps aside and the codec reads it and what follows.
      String g = get("/g", "");
      out.write(g.substring(0, 10).getBytes(StandardCharsets.US_ASCII));
      out.flush();
      Thread.sleep(50);
      out.write(g.substring(10).getBytes(StandardCharsets.US_ASCII));
      String expectGet = "GET /g HTTP/1.1 ";
      assertThat(readHead(s.getInputStream()).toLowerCase())
          .contains("content-length: " + expectGet.length());
      assertThat(read(s.getInputStream(), expectGet.length())).isEqualTo(expectGet);
    }
  }
}
