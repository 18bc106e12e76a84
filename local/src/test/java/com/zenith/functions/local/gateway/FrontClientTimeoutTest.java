package com.zenith.functions.local.gateway;

import static com.zenith.functions.local.gateway.FrontServerTest.readResponse;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The front's client timeout (400 ms here, 60 s by default): a client the gateway waits for that
 * sends nothing is disconnected (between requests, mid-head, mid-body); one waiting for its answer
 * is not.
 */
class FrontClientTimeoutTest {
  private static final String ECHO = "echo.default.svc.cluster.local";

  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private final List<String> backendSaw = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;
  private HttpServer backend;

  @BeforeEach
  void start() throws IOException {
    System.setProperty("zenith.gateway.clientTimeoutMillis", "400");
    try {
      gateway = FrontServerTest.recordingGateway(routes, accessLines);
    } finally {
      System.clearProperty("zenith.gateway.clientTimeoutMillis");
    }
    port = gateway.listen(0);
    backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 16);
    backend.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    backend.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          try {
            if (path.equals("/slowread")) {
              Thread.sleep(1_500); // the gateway must pause the client, not blame it
            }
            byte[] in = ex.getRequestBody().readAllBytes();
            backendSaw.add(path + " " + in.length);
            if (path.equals("/slow")) {
              Thread.sleep(1_500);
            }
            byte[] out =
                path.equals("/huge")
                    ? new byte[64 << 20]
                    : (path + " done " + in.length).getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, out.length);
            ex.getResponseBody().write(out);
          } catch (IOException | InterruptedException e) {
            backendSaw.add(path + " cut: " + e.getClass().getSimpleName());
          }
          ex.close();
        });
    backend.start();
    routes.put(
        new Route(
            "echo",
            "default",
            Visibility.CLUSTER_LOCAL,
            "echo",
            backend.getAddress().getPort(),
            null));
  }

  @AfterEach
  void stop() {
    gateway.close();
    backend.stop(0);
  }

  private static Socket client(int port) throws IOException {
    Socket s = new Socket("127.0.0.1", port);
    s.setSoTimeout(10_000); // far above the 400 ms: a read that times out here means no close
    return s;
  }

  private static void send(Socket s, String text) throws IOException {
    s.getOutputStream().write(text.getBytes(StandardCharsets.US_ASCII));
    s.getOutputStream().flush();
  }

  @Test
  void aKeptAliveConnectionIdleLongerThanTheTimeoutIsClosed() throws Exception {
    try (Socket s = client(port)) {
      send(s, "GET /one HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n");
      InputStream in = s.getInputStream();
      assertThat(readResponse(in)).isEqualTo("HTTP/1.1 200 /one done 0");
      assertThat(in.read()).as("closed by the gateway").isEqualTo(-1);
    }
  }

  @Test
  void aRequestHeadThatNeverEndsIsClosedWithoutReachingTheFunction() throws Exception {
    try (Socket s = client(port)) {
      send(s, "GET /never HTTP/1.1\r\nHost: " + ECHO + "\r\nX-Slow: 1\r\n");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(backendSaw).isEmpty();
  }

  @Test
  void aSmallBodyThatStopsMidwayIsCutBeforeTheFunctionSeesItAndTheAccessLogSays408()
      throws Exception {
    try (Socket s = client(port)) {
      send(
          s, "POST /upload HTTP/1.1\r\nHost: " + ECHO + "\r\nContent-Length: 100\r\n\r\nonly part");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    com.zenith.functions.local.events.BrokerHarness.await(
        () -> accessLines.contains("POST default/echo /upload 408"));
    assertThat(backendSaw).as("a small body is gathered before it goes on").isEmpty();
  }

  @Test
  void aLargeBodyThatStopsMidwayIsCutAndTheFunctionsReadEnds() throws Exception {
    try (Socket s = client(port)) {
      send(s, "POST /big HTTP/1.1\r\nHost: " + ECHO + "\r\nContent-Length: 1000000\r\n\r\n");
      s.getOutputStream().write(new byte[100_000]);
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    com.zenith.functions.local.events.BrokerHarness.await(
        () -> accessLines.contains("POST default/echo /big 408"));
    com.zenith.functions.local.events.BrokerHarness.await(
        () -> backendSaw.stream().anyMatch(l -> l.startsWith("/big cut")));
  }

  @Test
  void aPublishWhoseBodyStopsMidwayIsCutAndNotPublished() throws Exception {
    try (Socket s = client(port)) {
      send(
          s,
          "POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Ce-Specversion: 1.0\r\nCe-Id: 1\r\nCe-Source: t\r\nCe-Type: t\r\n"
              + "Content-Type: application/json\r\nContent-Length: 50\r\n\r\n{\"a\":");
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    com.zenith.functions.local.events.BrokerHarness.await(
        () ->
            accessLines.contains(
                "POST broker default/default /_zenith/broker/default/default 408"));
  }

  @Test
  void aClientRefusedWith413WhoTricklesTheRestOfItsBodyIsCutWithinTheTimeout() throws Exception {
    try (Socket s = client(port)) {
      send(
          s,
          "POST /_zenith/broker/default/default HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              + "Ce-Specversion: 1.0\r\nCe-Id: 1\r\nCe-Source: t\r\nCe-Type: t\r\n"
              + "Content-Type: application/json\r\nContent-Length: 100000000\r\n\r\n");
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  while (true) { // a byte well within each timeout, for as long as it is read
                    s.getOutputStream().write('x');
                    s.getOutputStream().flush();
                    Thread.sleep(50);
                  }
                } catch (Exception e) {
                  // closed by the gateway
                }
              });
      InputStream in = s.getInputStream();
      assertThat(readResponse(in)).startsWith("HTTP/1.1 413");
      assertThat(in.read()).as("closed by the gateway").isEqualTo(-1);
    }
  }

  @Test
  void aClientWaitingLongerThanTheTimeoutForItsAnswerGetsIt() throws Exception {
    try (Socket s = client(port)) {
      send(s, "GET /slow HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n");
      assertThat(readResponse(s.getInputStream())).isEqualTo("HTTP/1.1 200 /slow done 0");
    }
  }

  @Test
  void aClientUploadingToAFunctionThatReadsSlowlyIsNotCut() throws Exception {
    int size = 64 << 20;
    try (Socket s = client(port)) {
      Thread writer =
          Thread.ofVirtual()
              .start(
                  () -> {
                    try {
                      send(
                          s,
                          "POST /slowread HTTP/1.1\r\nHost: "
                              + ECHO
                              + "\r\nContent-Length: "
                              + size
                              + "\r\n\r\n");
                      s.getOutputStream().write(new byte[size]);
                    } catch (IOException e) {
                      // the test's read below says what happened
                    }
                  });
      assertThat(readResponse(s.getInputStream())).isEqualTo("HTTP/1.1 200 /slowread done " + size);
      writer.join();
    }
  }

  @Test
  void aClientWaitingForTheFunctions100ContinueIsNotCut() throws Exception {
    try (java.net.ServerSocket raw =
        new java.net.ServerSocket(0, 4, java.net.InetAddress.getLoopbackAddress())) {
      Thread.ofVirtual()
          .start(
              () -> {
                try (Socket fn = raw.accept()) {
                  FrontServerTest.readHead(fn.getInputStream());
                  Thread.sleep(1_000); // a cold function, slow to say go on
                  fn.getOutputStream().write("HTTP/1.1 100 Continue\r\n\r\n".getBytes());
                  fn.getInputStream().readNBytes(2);
                  fn.getOutputStream()
                      .write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes());
                  fn.getOutputStream().flush();
                  Thread.sleep(500);
                } catch (Exception e) {
                  // the client's assertions say what happened
                }
              });
      routes.put(
          new Route("cont", "default", Visibility.CLUSTER_LOCAL, "cont", raw.getLocalPort(), null));
      try (Socket s = client(port)) {
        send(
            s,
            "POST /c HTTP/1.1\r\nHost: cont.default.svc.cluster.local\r\nExpect: 100-continue\r\n"
                + "Content-Length: 2\r\n\r\n");
        InputStream in = s.getInputStream();
        assertThat(FrontServerTest.readHead(in)).startsWith("HTTP/1.1 100");
        send(s, "hi");
        assertThat(readResponse(in)).isEqualTo("HTTP/1.1 200 ok");
      }
    }
  }

  @Test
  void aNextRequestSoonAfterALongAnswerIsServed() throws Exception {
    try (Socket s = client(port)) {
      InputStream in = s.getInputStream();
      send(s, "GET /slow HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n");
      assertThat(readResponse(in)).isEqualTo("HTTP/1.1 200 /slow done 0");
      Thread.sleep(200); // idle, but for less than the timeout
      send(s, "GET /one HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n");
      assertThat(readResponse(in)).isEqualTo("HTTP/1.1 200 /one done 0");
    }
  }

  @Test
  void aHeadTrickledByteByByteIsCutWhenItIsNotCompleteWithinTheTimeout() throws Exception {
    byte[] head =
        ("GET /trickle HTTP/1.1\r\nHost: " + ECHO + "\r\nX-Pad: " + "a".repeat(100) + "\r\n\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    try (Socket s = client(port)) {
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  for (byte b : head) {
                    s.getOutputStream().write(b);
                    s.getOutputStream().flush();
                    Thread.sleep(50); // each byte well within the timeout; the whole head not
                  }
                } catch (Exception e) {
                  // closed by the gateway
                }
              });
      assertThat(s.getInputStream().read()).isEqualTo(-1);
    }
    assertThat(backendSaw).isEmpty();
  }

  @Test
  void aClientThatStopsTakingItsAnswerIsCutAndTheAccessLogSays408() throws Exception {
    try (Socket s = client(port)) {
      s.setReceiveBufferSize(4096);
      send(s, "GET /huge HTTP/1.1\r\nHost: " + ECHO + "\r\n\r\n");
      // reads nothing: the gateway's writes back up
      com.zenith.functions.local.events.BrokerHarness.await(
          () -> accessLines.contains("GET default/echo /huge 408"));
    }
  }
}
