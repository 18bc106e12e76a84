package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The gateway against real HTTP servers on loopback. */
class GatewayTest {
  private final RouteTable routes = new RouteTable();
  private final List<String> accessLines = new CopyOnWriteArrayList<>();
  private final List<HttpServer> backends = new ArrayList<>();
  private final AtomicInteger backendHits = new AtomicInteger();
  private Gateway gateway;
  private int port;
  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();

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
  void stop() {
    gateway.close();
    backends.forEach(s -> s.stop(0));
  }

  /** A backend answering "<name> <method> <path> host=<Host>" and counting hits. */
  private int backend(String name) throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          backendHits.incrementAndGet();
          byte[] in = ex.getRequestBody().readAllBytes();
          String body =
              name
                  + " "
                  + ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " host="
                  + ex.getRequestHeaders().getFirst("Host")
                  + " body="
                  + new String(in, StandardCharsets.UTF_8);
          byte[] out = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(200, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    s.start();
    backends.add(s);
    return s.getAddress().getPort();
  }

  private HttpResponse<String> viaHost(String host, String path) throws Exception {
    // The JDK client will not set Host; a raw request does.
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          ("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n\r\n")
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      String raw = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      int status = Integer.parseInt(raw.substring(9, 12));
      String body = raw.substring(raw.indexOf("\r\n\r\n") + 4);
      return new FakeResponse(status, body);
    }
  }

  @Test
  void routesByHostHeader() throws Exception {
    routes.put(
        new Route(
            "audit-logger", "default", Visibility.CLUSTER_LOCAL, null, backend("audit"), null));

    HttpResponse<String> r = viaHost("audit-logger.default.svc.cluster.local", "/log?x=1");

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .startsWith("audit GET /log?x=1 host=audit-logger.default.svc.cluster.local");
  }

  @Test
  void onLinuxX86TheEventLoopsRunOnEpoll() {
    org.junit.jupiter.api.Assumptions.assumeTrue(
        System.getProperty("os.name").equals("Linux")
            && List.of("amd64", "x86_64").contains(System.getProperty("os.arch")),
        "the native transport is bundled for Linux x86-64 only");
    assertThat(gateway.nativeTransport()).isTrue();
  }

  @Test
  void aHostSeenBeforeFollowsItsRouteWhenTheRouteChanges() throws Exception {
    String host = "audit-logger.default.svc.cluster.local";
    Route route =
        new Route("audit-logger", "default", Visibility.CLUSTER_LOCAL, null, backend("old"), null);
    routes.put(route);
    for (int i = 0; i < 3; i++) { // remembered by the gateway after the first
      assertThat(viaHost(host, "/").body()).startsWith("old GET /");
    }

    routes.put(route.servedAt(backend("new")));
    assertThat(viaHost(host, "/").body()).startsWith("new GET /");

    routes.put(route.down("stopped by the user"));
    assertThat(viaHost(host, "/").statusCode()).isEqualTo(503);
    routes.remove("default", "audit-logger");
    assertThat(viaHost(host, "/").statusCode()).isEqualTo(404);
  }

  @Test
  void routesForwardProxyRequestsWithBodies() throws Exception {
    routes.put(
        new Route(
            "balance-manager",
            "default",
            Visibility.CLUSTER_LOCAL,
            null,
            backend("balance"),
            null));
    HttpClient proxied =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();

    HttpResponse<String> r =
        proxied.send(
            HttpRequest.newBuilder(
                    URI.create("http://balance-manager.default.svc.cluster.local/update"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"amount\":1}"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body())
        .isEqualTo(
            "balance POST /update host=balance-manager.default.svc.cluster.local body={\"amount\":1}");
  }

  @Test
  void anUnknownHostIsRefusedWithTheKnownFunctionsAndNeverForwarded() throws Exception {
    routes.put(
        new Route(
            "audit-logger", "default", Visibility.CLUSTER_LOCAL, null, backend("audit"), null));
    HttpClient proxied =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();

    HttpResponse<String> r =
        proxied.send(
            HttpRequest.newBuilder(URI.create("http://example.com/")).build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(404);
    assertThat(r.body())
        .contains("unknown host")
        .contains("audit-logger.default.svc.cluster.local");
    assertThat(backendHits.get()).isZero();
  }

  @Test
  void aStoppedFunctionGetsAJson503WithTheReason() throws Exception {
    routes.put(
        new Route(
            "audit-logger",
            "default",
            Visibility.CLUSTER_LOCAL,
            null,
            0,
            "ProcessCrashed: process exited with code 137"));

    HttpResponse<String> r = viaHost("audit-logger.default.svc.cluster.local", "/log");

    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(r.body()).contains("\"reason\":\"ProcessCrashed: process exited with code 137\"");
  }

  @Test
  void aFunctionThatDoesNotAnswerGetsA503() throws Exception {
    int closedPort;
    try (var s = new java.net.ServerSocket(0)) {
      closedPort = s.getLocalPort();
    }
    routes.put(new Route("gone", "default", Visibility.CLUSTER_LOCAL, null, closedPort, null));

    assertThat(viaHost("gone.default.svc.cluster.local", "/").statusCode()).isEqualTo(503);
  }

  @Test
  void externalNamesServeExternalFunctionsOnly() throws Exception {
    routes.put(new Route("web", "default", Visibility.EXTERNAL, null, backend("web"), null));
    routes.put(
        new Route(
            "internal", "default", Visibility.CLUSTER_LOCAL, null, backend("internal"), null));

    assertThat(viaHost("web.default.localhost:" + port, "/").statusCode()).isEqualTo(200);
    assertThat(viaHost("internal.default.localhost:" + port, "/").statusCode()).isEqualTo(404);
  }

  @Test
  void connectTunnelsToKnownFunctionsAndRefusesOthers() throws Exception {
    routes.put(
        new Route(
            "audit-logger", "default", Visibility.CLUSTER_LOCAL, null, backend("audit"), null));
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      out.write(
          "CONNECT audit-logger.default.svc.cluster.local:80 HTTP/1.1\r\nHost: audit-logger.default.svc.cluster.local:80\r\n\r\n"
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      assertThat(in.readLine()).contains("200");
      String line;
      while (!(line = in.readLine()).isEmpty()) {
        // headers of the CONNECT answer
      }
      out.write(
          "GET /tunneled HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
              .getBytes(StandardCharsets.UTF_8));
      out.flush();
      StringBuilder rest = new StringBuilder();
      while ((line = in.readLine()) != null) {
        rest.append(line).append('\n');
      }
      assertThat(rest.toString()).startsWith("HTTP/1.1 200").contains("audit GET /tunneled");
    }
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      s.getOutputStream()
          .write(
              "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n"
                  .getBytes(StandardCharsets.UTF_8));
      String first =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8))
              .readLine();
      assertThat(first).contains("403");
    }
  }

  @Test
  void theAccessLogNamesTheCallerOnItsOwnPort() throws Exception {
    routes.put(
        new Route(
            "audit-logger", "default", Visibility.CLUSTER_LOCAL, null, backend("audit"), null));
    int callerPort = gateway.listenForCaller("balance-manager", "default");
    HttpClient proxied =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", callerPort)))
            .build();

    proxied.send(
        HttpRequest.newBuilder(URI.create("http://audit-logger/log")).build(),
        HttpResponse.BodyHandlers.ofString());
    // The line is written once the response has been sent, which can be after the client has it.
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (accessLines.isEmpty() && System.nanoTime() < deadline) {
      Thread.sleep(10);
    }

    assertThat(accessLines)
        .anyMatch(l -> l.equals("balance-manager GET default/audit-logger /log 200"));
  }

  @Test
  void theDaprInvokeApiRoutesByAppId() throws Exception {
    routes.put(
        new Route(
            "balance-manager",
            "default",
            Visibility.CLUSTER_LOCAL,
            "balance",
            backend("balance"),
            null));

    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/v1.0/invoke/balance/method/update"))
                .POST(HttpRequest.BodyPublishers.ofString("x"))
                .build(),
            HttpResponse.BodyHandlers.ofString());

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("balance POST /update");
  }

  @Test
  void sixtyFourConcurrentRequestsThroughAThreeHopChainAllComplete() throws Exception {
    // Each hop calls the next through the gateway, so the gateway holds 3 nested requests per call.
    int c = chainHop("c", null);
    routes.put(new Route("c", "default", Visibility.CLUSTER_LOCAL, null, c, null));
    int b = chainHop("b", "c");
    routes.put(new Route("b", "default", Visibility.CLUSTER_LOCAL, null, b, null));
    int a = chainHop("a", "b");
    routes.put(new Route("a", "default", Visibility.CLUSTER_LOCAL, null, a, null));
    HttpClient proxied =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();

    List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
    for (int i = 0; i < 64; i++) {
      calls.add(
          proxied.sendAsync(
              HttpRequest.newBuilder(URI.create("http://a.default.svc.cluster.local/"))
                  .timeout(Duration.ofSeconds(30))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    }
    CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

    for (var call : calls) {
      assertThat(call.get().statusCode()).isEqualTo(200);
      assertThat(call.get().body()).isEqualTo("a>b>c");
    }
  }

  private int chainHop(String name, String next) throws IOException {
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(ProxySelector.of(new InetSocketAddress("127.0.0.1", port)))
            .build();
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          String body = name;
          int status = 200;
          if (next != null) {
            try {
              HttpResponse<String> r =
                  client.send(
                      HttpRequest.newBuilder(
                              URI.create("http://" + next + ".default.svc.cluster.local/"))
                          .build(),
                      HttpResponse.BodyHandlers.ofString());
              body = name + ">" + r.body();
              status = r.statusCode();
            } catch (InterruptedException e) {
              status = 500;
            }
          }
          byte[] out = body.getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    s.start();
    backends.add(s);
    return s.getAddress().getPort();
  }

  private record FakeResponse(int statusCode, String body) implements HttpResponse<String> {
    @Override
    public HttpRequest request() {
      return null;
    }

    @Override
    public java.util.Optional<HttpResponse<String>> previousResponse() {
      return java.util.Optional.empty();
    }

    @Override
    public java.net.http.HttpHeaders headers() {
      return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
    }

    @Override
    public java.util.Optional<javax.net.ssl.SSLSession> sslSession() {
      return java.util.Optional.empty();
    }

    @Override
    public URI uri() {
      return null;
    }

    @Override
    public HttpClient.Version version() {
      return HttpClient.Version.HTTP_1_1;
    }
  }
}
