package com.zenith.functions.local.gateway.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.traces.CallGraph;
import com.zenith.functions.local.traces.GatewaySpans;
import com.zenith.functions.local.traces.SpanRecord;
import com.zenith.functions.local.traces.SpanStore;
import com.zenith.functions.local.traces.TraceParent;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A Dapr gRPC {@code InvokeService} call is one of the gateway's hops, as an HTTP invocation is: a
 * span and a call-graph edge from the calling function to the target, continuing the caller's
 * {@code traceparent} (gRPC metadata) and sending the hop's own on to the function. Driven by a
 * gRPC client on the stubs generated from Dapr's protos.
 */
class DaprGrpcHopsTest {
  private static final String INCOMING = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
  private static final String CALLER = "default/payments";
  private static final String CALLEE = "default/balance-manager";

  private final RouteTable routes = new RouteTable();
  private final SpanStore store = new SpanStore();
  private final CallGraph graph = new CallGraph();
  private final List<String> received = new CopyOnWriteArrayList<>();
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final CountDownLatch release = new CountDownLatch(1);
  private Gateway gateway;
  private ManagedChannel channel;
  private int httpPort;

  @BeforeEach
  void start() throws IOException {
    gateway =
        new Gateway(
            routes,
            AccessLog.none(),
            () -> "{\"functions\":[]}",
            "127.0.0.1",
            new GatewaySpans(store, graph));
    gateway.listen(0);
    routes.put(
        new Route(
            "balance-manager", "default", Visibility.CLUSTER_LOCAL, "balance", backend(), null));
    routes.put(new Route("payments", "default", Visibility.CLUSTER_LOCAL, "pay", 4711, null));
    httpPort = gateway.listenForCaller("payments", "default");
    int grpcPort = gateway.listenDaprGrpc("payments", "default");
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void stop() throws Exception {
    release.countDown();
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    gateway.close();
    for (AutoCloseable c : closeables) {
      c.close();
    }
  }

  /**
   * A function that notes the traceparent of each request; /missing answers 404, /hang answers only
   * when the test ends.
   */
  private int backend() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          ex.getRequestBody().readAllBytes();
          received.add(ex.getRequestURI() + " " + ex.getRequestHeaders().getFirst("traceparent"));
          String path = ex.getRequestURI().getPath();
          if (path.equals("/hang")) {
            try {
              release.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          int status = path.equals("/missing") ? 404 : 200;
          byte[] out = "ok".getBytes(StandardCharsets.UTF_8);
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    s.start();
    closeables.add(() -> s.stop(0));
    return s.getAddress().getPort();
  }

  @Test
  void aGrpcInvocationIsTheSameHopAsAnHttpOneAndTheFunctionGetsTheHopsTraceparent()
      throws Exception {
    var stub =
        DaprGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(traceparent(INCOMING)))
            .withDeadlineAfter(10, TimeUnit.SECONDS);
    String httpIncoming = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

    stub.invokeService(
        invoke("balance", "update")
            .setMessage(
                CommonProtos.InvokeRequest.newBuilder()
                    .setMethod("update")
                    .setHttpExtension(
                        CommonProtos.HTTPExtension.newBuilder()
                            .setVerb(CommonProtos.HTTPExtension.Verb.PUT)
                            .setQuerystring("acct=7")))
            .build());
    HttpResponse<String> overHttp =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .build()
            .send(
                HttpRequest.newBuilder(
                        URI.create(
                            "http://127.0.0.1:"
                                + httpPort
                                + "/v1.0/invoke/balance/method/update?acct=7"))
                    .header("traceparent", httpIncoming)
                    .PUT(HttpRequest.BodyPublishers.noBody())
                    .timeout(Duration.ofSeconds(10))
                    .build(),
                HttpResponse.BodyHandlers.ofString());

    assertThat(overHttp.statusCode()).isEqualTo(200);
    SpanRecord grpc = awaitSpan("0af7651916cd43dd8448eb211c80319c");
    SpanRecord http = awaitSpan("4bf92f3577b34da6a3ce929d0e0e4736");
    assertThat(grpc.parentSpanId()).isEqualTo("b7ad6b7169203331");
    assertThat(grpc.service()).isEqualTo("balance-manager");
    assertThat(grpc.source()).isEqualTo("gateway");
    assertThat(grpc.status()).isEqualTo("UNSET");
    assertThat(grpc.attributes())
        .containsEntry("zenith.caller", CALLER)
        .containsEntry("zenith.callee", CALLEE)
        .containsEntry("http.request.method", "PUT")
        .containsEntry("url.path", "/update?acct=7")
        .containsEntry("http.response.status_code", "200")
        .as("the HTTP invocation's hop has the same attributes")
        .isEqualTo(http.attributes());
    assertThat(received)
        .first()
        .isEqualTo("/update?acct=7 00-0af7651916cd43dd8448eb211c80319c-" + grpc.spanId() + "-01");
    assertThat(graph.edges())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.from()).isEqualTo(CALLER);
              assertThat(e.to()).isEqualTo(CALLEE);
              assertThat(e.requests()).isEqualTo(2);
              assertThat(e.errors()).isZero();
            });
  }

  @Test
  void withoutATraceparentTheHopStartsATraceAndEndsWithTheFunctionsStatus() throws Exception {
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.invokeService(invoke("balance", "missing").build()))
        .isInstanceOf(StatusRuntimeException.class);

    SpanRecord span = onlySpan();
    assertThat(span.parentSpanId()).isNull();
    assertThat(span.attributes())
        .containsEntry("http.request.method", "POST")
        .containsEntry("url.path", "/missing")
        .containsEntry("http.response.status_code", "404");
    assertThat(TraceParent.parse(received.get(0).substring("/missing ".length())))
        .isEqualTo(new TraceParent(span.traceId(), span.spanId(), "01"));
    assertThat(graph.edges()).singleElement().satisfies(e -> assertThat(e.errors()).isZero());
  }

  @Test
  void aFunctionThatDoesNotAnswerEndsTheHopWithStatusZeroAndAnError() throws Exception {
    int closed;
    try (ServerSocket s = new ServerSocket(0)) {
      closed = s.getLocalPort();
    }
    routes.put(new Route("gone", "default", Visibility.CLUSTER_LOCAL, "gone", closed, null));
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.invokeService(invoke("gone", "x").build()))
        .isInstanceOf(StatusRuntimeException.class);

    SpanRecord span = onlySpan();
    assertThat(span.status()).isEqualTo("ERROR");
    assertThat(span.statusMessage()).isNotBlank();
    assertThat(span.attributes()).doesNotContainKey("http.response.status_code");
    assertThat(graph.edges())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.to()).isEqualTo("default/gone");
              assertThat(e.errors()).isEqualTo(1);
            });
  }

  @Test
  void aCallerThatGivesUpEndsTheHop499AsAnHttpClientClosingItsConnection() throws Exception {
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(300, TimeUnit.MILLISECONDS);
    assertThatThrownBy(() -> stub.invokeService(invoke("balance", "hang").build()))
        .isInstanceOf(StatusRuntimeException.class);
    SpanRecord late = onlySpan();
    assertThat(late.attributes()).containsEntry("http.response.status_code", "499");

    var future =
        DaprGrpc.newFutureStub(channel)
            .withDeadlineAfter(10, TimeUnit.SECONDS)
            .invokeService(invoke("balance", "hang").build());
    awaitReceived(2);
    future.cancel(true);

    await(() -> store.size() == 2, "a second span");
    SpanRecord cancelled =
        spans().stream().filter(s -> !s.traceId().equals(late.traceId())).findFirst().orElseThrow();
    assertThat(cancelled.attributes()).containsEntry("http.response.status_code", "499");
    assertThat(cancelled.status()).isEqualTo("UNSET");
    assertThat(graph.edges())
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.requests()).isEqualTo(2);
              assertThat(e.errors()).isZero();
            });
  }

  private List<SpanRecord> spans() {
    return store.traces(0, null, 100).stream()
        .flatMap(t -> t.spans().stream())
        .sorted(Comparator.comparingLong(SpanRecord::startNanos))
        .toList();
  }

  private SpanRecord onlySpan() throws InterruptedException {
    await(() -> store.size() >= 1, "a span");
    return spans().getFirst();
  }

  private SpanRecord awaitSpan(String traceId) throws InterruptedException {
    await(() -> spans().stream().anyMatch(s -> s.traceId().equals(traceId)), "trace " + traceId);
    return spans().stream().filter(s -> s.traceId().equals(traceId)).findFirst().orElseThrow();
  }

  private void awaitReceived(int n) throws InterruptedException {
    await(() -> received.size() >= n, n + " requests at the function");
  }

  /** Polls {@code done} for up to 10 s (the HTTP hop ends just after its answer is out). */
  private static void await(java.util.function.BooleanSupplier done, String what)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  private static DaprInvokeProtos.InvokeServiceRequest.Builder invoke(String id, String method) {
    return DaprInvokeProtos.InvokeServiceRequest.newBuilder()
        .setId(id)
        .setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod(method));
  }

  private static Metadata traceparent(String value) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of("traceparent", Metadata.ASCII_STRING_MARSHALLER), value);
    return md;
  }
}
