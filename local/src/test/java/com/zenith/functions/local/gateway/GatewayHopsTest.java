package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.traces.HopObserver;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway's hops under the per-request call: each forwarded request begins one hop and ends it
 * exactly once, whichever way the call ends (an answer, no connection, the function's timeout, the
 * client going away), and the hop's traceparent is what the function receives.
 */
class GatewayHopsTest {
  private static final String INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String SENT_ON = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";

  private final RouteTable routes = new RouteTable();
  private final List<String> begun = new CopyOnWriteArrayList<>();
  private final List<String> ended = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new CopyOnWriteArrayList<>();
  private Gateway gateway;
  private int port;

  /** Notes each begin and every end call (not only the first), so a second end shows up. */
  private final HopObserver recorder =
      (caller, callee, method, path, traceparent) -> {
        begun.add(caller + " " + callee + " " + method + " " + path + " " + traceparent);
        return new HopObserver.Hop() {
          @Override
          public String traceparent() {
            return SENT_ON;
          }

          @Override
          public void end(int status, String error) {
            ended.add(status + " " + error);
          }
        };
      };

  @BeforeEach
  void start() {
    gateway =
        new Gateway(routes, AccessLog.none(), () -> "{\"functions\":[]}", "127.0.0.1", recorder);
    port = gateway.listen(0);
  }

  @AfterEach
  void stop() throws Exception {
    gateway.close();
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  private Route route(String name, int port, int timeoutSeconds) {
    return new Route(
        name, "default", Visibility.CLUSTER_LOCAL, null, port, null, timeoutSeconds, false);
  }

  /** A backend that accepts connections, reads nothing and never answers. */
  private int silentBackend() throws IOException {
    ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
    closeables.add(server);
    List<Socket> held = new CopyOnWriteArrayList<>();
    closeables.add(
        () -> {
          for (Socket s : held) {
            s.close();
          }
        });
    Thread.ofVirtual()
        .start(
            () -> {
              while (!server.isClosed()) {
                try {
                  held.add(server.accept());
                } catch (IOException e) {
                  return;
                }
              }
            });
    return server.getLocalPort();
  }

  private String get(String host, int readTimeoutMillis) throws IOException {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(readTimeoutMillis);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET /work HTTP/1.1\r\nHost: "
                  + host
                  + "\r\ntraceparent: "
                  + INCOMING
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      ByteArrayOutputStream got = new ByteArrayOutputStream();
      s.getInputStream().transferTo(got);
      return got.toString(StandardCharsets.UTF_8);
    }
  }

  /** The end calls once at least one came, and a moment later (a second would show up then). */
  private List<String> ends() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (ended.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }
    Thread.sleep(200);
    return List.copyOf(ended);
  }

  @Test
  void anAnsweredRequestEndsItsHopOnceWithTheStatusAndSendsTheHopsTraceparent() throws Exception {
    HttpServer backend = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    List<String> received = new CopyOnWriteArrayList<>();
    backend.createContext(
        "/",
        ex -> {
          received.add(ex.getRequestHeaders().getFirst("traceparent"));
          byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(201, body.length);
          ex.getResponseBody().write(body);
          ex.close();
        });
    backend.start();
    closeables.add(() -> backend.stop(0));
    routes.put(route("front", backend.getAddress().getPort(), 30));

    assertThat(get("front.default.svc.cluster.local", 5_000)).startsWith("HTTP/1.1 201");

    assertThat(begun).containsExactly("external default/front GET /work " + INCOMING);
    assertThat(ends()).containsExactly("201 null");
    assertThat(received).containsExactly(SENT_ON);
  }

  @Test
  void aFunctionThatRefusesTheConnectionEndsItsHopOnceWithNoAnswer() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closed = s.getLocalPort();
    }
    routes.put(route("gone", closed, 30));

    assertThat(get("gone.default.svc.cluster.local", 5_000)).startsWith("HTTP/1.1 503");

    assertThat(ends()).singleElement().asString().startsWith("0 ").doesNotEndWith(" null");
  }

  @Test
  void aRequestPastItsTimeoutEndsItsHopOnceWithNoAnswerAndSaysSo() throws Exception {
    routes.put(route("slow", silentBackend(), 1));

    assertThat(get("slow.default.svc.cluster.local", 10_000)).startsWith("HTTP/1.1 504");

    assertThat(ends()).singleElement().asString().startsWith("0 ").contains("timeout of 1 s");
  }

  @Test
  void aClientThatGoesAwayEndsTheHopOnceAsClientClosed() throws Exception {
    routes.put(route("slow", silentBackend(), 300));

    try (Socket s = new Socket("127.0.0.1", port)) {
      s.getOutputStream()
          .write(
              "GET /work HTTP/1.1\r\nHost: slow.default.svc.cluster.local\r\n\r\n"
                  .getBytes(StandardCharsets.UTF_8));
      s.getOutputStream().flush();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (begun.isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
    }

    assertThat(ends())
        .singleElement()
        .asString()
        .startsWith(Replies.CLIENT_CLOSED + " ")
        .contains("client closed");
  }
}
