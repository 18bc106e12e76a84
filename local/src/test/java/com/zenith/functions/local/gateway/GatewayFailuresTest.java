package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.Visibility;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What the gateway does when things go wrong, as a cluster would: unknown hosts from functions are
 * transport errors, down functions are waited for while they come up, requests are bounded by the
 * function's timeout, and a client that goes away cancels the upstream call.
 */
class GatewayFailuresTest {
  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;

  @BeforeEach
  void start() {
    gateway =
        new Gateway(
            routes,
            (caller, method, target, path, status, millis) ->
                accessLines.add(caller + " " + method + " " + target + " " + path + " " + status),
            () -> "{\"functions\":[]}",
            "127.0.0.1");
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /**
   * A backend that reads a request and answers it after {@code delayMillis} (never when negative),
   * and notes when the gateway closes its connection before the answer.
   */
  private final class SlowBackend implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress());
    final CountDownLatch received = new CountDownLatch(1);
    final CountDownLatch cancelled = new CountDownLatch(1);

    SlowBackend(long delayMillis) throws IOException {
      closeables.add(this);
      com.zenith.functions.local.RawServers.acceptEach(server, s -> serve(s, delayMillis));
    }

    private void serve(Socket s, long delayMillis) {
      try (s) {
        InputStream in = s.getInputStream();
        readHead(in);
        received.countDown();
        if (delayMillis >= 0) {
          s.setSoTimeout((int) Math.max(1, delayMillis));
        }
        try {
          if (in.read() < 0) {
            cancelled.countDown(); // the gateway closed the connection: the call was cancelled
            return;
          }
        } catch (SocketTimeoutException e) {
          OutputStream out = s.getOutputStream();
          out.write(
              "HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\nslow".getBytes(StandardCharsets.UTF_8));
          out.flush();
          s.setSoTimeout(0);
          in.read();
        }
      } catch (IOException e) {
        cancelled.countDown();
      }
    }

    int port() {
      return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
      server.close();
    }
  }

  private static void readHead(InputStream in) throws IOException {
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("closed before the end of the head");
      }
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
  }

  /** What came back on a raw connection: the whole answer, or "" when it closed without one. */
  private static String raw(int port, String host, int readTimeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(readTimeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /work HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      s.getInputStream().transferTo(got);
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  private Route route(String name, int port, int timeoutSeconds) {
    return new Route(
        name, "default", Visibility.CLUSTER_LOCAL, null, port, null, timeoutSeconds, false);
  }

  @Test
  void anUnknownHostIsATransportErrorForAFunctionAndA404ForAPerson() throws Exception {
    routes.put(route("audit-logger", new SlowBackend(0).port(), 300));
    int callerPort = gateway.listenForCaller("transaction-processor", "default");

    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    String fromFunction;
    try {
      fromFunction = raw(callerPort, "balance-manager.prod.svc.cluster.local", 5_000);
    } finally {
      System.setErr(original);
    }
    String fromPerson = raw(port, "balance-manager.prod.svc.cluster.local", 5_000);

    assertThat(fromFunction).as("a function gets no HTTP answer at all").isEmpty();
    assertThat(err.toString(StandardCharsets.UTF_8).lines())
        .singleElement()
        .asString()
        .contains("transaction-processor: unknown host balance-manager.prod.svc.cluster.local")
        .contains("audit-logger.default.svc.cluster.local");
    assertThat(fromPerson)
        .startsWith("HTTP/1.1 404")
        .contains("unknown host")
        .contains("audit-logger.default.svc.cluster.local");
  }

  @Test
  void aRequestToAFunctionThatIsStartingWaitsAndIsServedOnceItIsUp() throws Exception {
    SlowBackend backend = new SlowBackend(0);
    routes.put(route("late", 0, 30).starting("Deploying: starting revision late-00001"));

    CompletableFuture<String> answer =
        CompletableFuture.supplyAsync(
            () -> {
              try {
                return raw(port, "late.default.svc.cluster.local", 20_000);
              } catch (IOException e) {
                return e.toString();
              }
            });
    Thread.sleep(300); // the request is held meanwhile
    assertThat(answer).isNotDone();
    routes.put(routes.get("default", "late").servedAt(backend.port()));

    assertThat(answer.get(10, TimeUnit.SECONDS)).startsWith("HTTP/1.1 200").endsWith("slow");
  }

  @Test
  void aFunctionThatDoesNotComeUpInTimeGets503WithTheRealReason() throws Exception {
    routes.put(route("crashy", 0, 1).starting("ProcessCrashed: Process exited with code 1"));

    long t0 = System.nanoTime();
    String answer = raw(port, "crashy.default.svc.cluster.local", 10_000);
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(answer)
        .startsWith("HTTP/1.1 503")
        .contains("\"reason\":\"ProcessCrashed: Process exited with code 1\"");
    assertThat(millis).as("held for about its 1 s timeout").isBetween(900L, 5_000L);
  }

  @Test
  void aFunctionDownForGoodGets503AtOnce() throws Exception {
    routes.put(route("broken", 0, 30).down("BuildFailed: the build failed"));

    long t0 = System.nanoTime();
    String answer = raw(port, "broken.default.svc.cluster.local", 10_000);

    assertThat(answer).startsWith("HTTP/1.1 503").contains("BuildFailed");
    assertThat((System.nanoTime() - t0) / 1_000_000).isLessThan(900L);
  }

  @Test
  void aRequestLongerThanTheTimeoutGets504AndTheUpstreamCallIsCancelled() throws Exception {
    SlowBackend backend = new SlowBackend(-1);
    routes.put(route("slow", backend.port(), 1));

    long t0 = System.nanoTime();
    String answer = raw(port, "slow.default.svc.cluster.local", 10_000);
    long millis = (System.nanoTime() - t0) / 1_000_000;

    assertThat(answer).startsWith("HTTP/1.1 504").contains("\"timeoutSeconds\":1");
    assertThat(millis).isBetween(900L, 5_000L);
    assertThat(backend.cancelled.await(5, TimeUnit.SECONDS))
        .as("the gateway closed the function's connection")
        .isTrue();
  }

  @Test
  void aClientThatGoesAwayCancelsTheUpstreamCallAndLogsOneLineWithoutAStackTrace()
      throws Exception {
    // The function would answer after 1 s: before, that answer was piped into the closed
    // response and Vert.x printed an IllegalStateException's stack trace. Once the call is
    // cancelled, no answer can come.
    SlowBackend backend = new SlowBackend(1_000);
    routes.put(route("slow", backend.port(), 300));
    PrintStream original = System.err;
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    try {
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.getOutputStream()
            .write(
                "GET /work HTTP/1.1\r\nHost: slow.default.svc.cluster.local\r\n\r\n"
                    .getBytes(StandardCharsets.UTF_8));
        s.getOutputStream().flush();
        assertThat(backend.received.await(5, TimeUnit.SECONDS)).isTrue();
      }

      assertThat(backend.cancelled.await(5, TimeUnit.SECONDS))
          .as("the gateway closed the function's connection")
          .isTrue();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (accessLines.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    } finally {
      System.setErr(original);
    }
    assertThat(accessLines).containsExactly("null GET default/slow /work 499");
    assertThat(err.toString(StandardCharsets.UTF_8)).doesNotContain("Exception");
  }
}
