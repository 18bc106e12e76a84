package com.zenith.functions.local.gateway.dapr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.protobuf.Any;
import com.google.protobuf.ByteString;
import com.google.rpc.ErrorInfo;
import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import io.dapr.client.DaprClient;
import io.dapr.client.DaprClientBuilder;
import io.dapr.client.DaprHttp;
import io.dapr.client.domain.HttpExtension;
import io.dapr.config.Properties;
import io.dapr.exceptions.DaprException;
import io.dapr.v1.CommonProtos;
import io.dapr.v1.DaprGrpc;
import io.dapr.v1.DaprInvokeProtos;
import io.dapr.v1.DaprMetadataProtos;
import io.dapr.v1.DaprStateProtos;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.MetadataUtils;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The gateway as a function's Dapr sidecar, driven by clients nobody here wrote: the official Dapr
 * Java SDK ({@code waitForSidecar}, {@code invokeMethod}, {@code getMetadata}), a gRPC client on
 * the stubs generated from Dapr's protos, and plain HTTP for the API's error shape.
 */
class DaprSidecarApiTest {
  private final RouteTable routes = new RouteTable();
  private final List<HttpServer> backends = new ArrayList<>();
  private final List<String> access = new CopyOnWriteArrayList<>();
  private final HttpClient http =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private Gateway gateway;
  private ManagedChannel channel;
  private int httpPort;
  private int grpcPort;

  @BeforeEach
  void start() throws IOException {
    gateway =
        new Gateway(
            routes,
            (caller, method, target, path, status, millis) ->
                access.add(caller + " " + method + " " + target + " " + path + " " + status),
            () -> "{\"functions\":[]}",
            "127.0.0.1");
    gateway.listen(0);
    routes.put(
        new Route(
            "balance-manager", "default", Visibility.CLUSTER_LOCAL, "balance", backend(), null));
    routes.put(new Route("ledger", "prod", Visibility.CLUSTER_LOCAL, "ledger", backend(), null));
    routes.put(new Route("no-dapr", "default", Visibility.CLUSTER_LOCAL, null, backend(), null));
    routes.put(
        new Route("down", "default", Visibility.CLUSTER_LOCAL, "down", 0, "ProcessCrashed: 1"));
    // The test JVM is the calling app "payments": its own ports, as a function's would be.
    routes.put(new Route("payments", "default", Visibility.CLUSTER_LOCAL, "pay", 4711, null));
    httpPort = gateway.listenForCaller("payments", "default");
    grpcPort = gateway.listenDaprGrpc("payments", "default");
    channel = ManagedChannelBuilder.forAddress("127.0.0.1", grpcPort).usePlaintext().build();
  }

  @AfterEach
  void stop() throws InterruptedException {
    channel.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
    gateway.close();
    backends.forEach(s -> s.stop(0));
  }

  /**
   * A function answering "<method> <path?query> caller=<dapr-caller-app-id> type=<Content-Type>
   * body=<body>"; on /missing it answers 404 "no such thing".
   */
  private int backend() throws IOException {
    HttpServer s = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    s.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    s.createContext(
        "/",
        ex -> {
          byte[] in = ex.getRequestBody().readAllBytes();
          var h = ex.getRequestHeaders();
          String body =
              ex.getRequestMethod()
                  + " "
                  + ex.getRequestURI()
                  + " caller="
                  + h.getFirst("dapr-caller-app-id")
                  + " callee="
                  + h.getFirst("dapr-callee-app-id")
                  + " type="
                  + h.getFirst("Content-Type")
                  + " x-trace="
                  + h.getFirst("x-trace")
                  + " body="
                  + new String(in, StandardCharsets.UTF_8);
          int status = ex.getRequestURI().getPath().equals("/missing") ? 404 : 200;
          byte[] out = (status == 404 ? "no such thing" : body).getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
          ex.sendResponseHeaders(status, out.length);
          ex.getResponseBody().write(out);
          ex.close();
        });
    s.start();
    backends.add(s);
    return s.getAddress().getPort();
  }

  private DaprClient javaSdk() {
    return new DaprClientBuilder()
        .withPropertyOverride(Properties.SIDECAR_IP, "127.0.0.1")
        .withPropertyOverride(Properties.HTTP_PORT, Integer.toString(httpPort))
        .withPropertyOverride(Properties.GRPC_PORT, Integer.toString(grpcPort))
        .build();
  }

  private HttpResponse<String> send(HttpRequest.Builder b) throws Exception {
    return http.send(
        b.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private HttpRequest.Builder at(String path) {
    return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + httpPort + path));
  }

  @Test
  void theJavaSdkWaitsForTheSidecarAndInvokesByAppIdAndNamespacedId() throws Exception {
    try (DaprClient client = javaSdk()) {
      client.waitForSidecar(10_000).block(Duration.ofSeconds(15));

      byte[] local =
          client
              .invokeMethod(
                  "balance",
                  "update",
                  Map.of("n", 1),
                  new HttpExtension(
                      DaprHttp.HttpMethods.POST,
                      Map.of("acct", List.of("7")),
                      Map.of("x-trace", "t1")),
                  byte[].class)
              .block(Duration.ofSeconds(10));
      byte[] other =
          client
              .invokeMethod("ledger.prod", "entries", null, HttpExtension.GET, byte[].class)
              .block(Duration.ofSeconds(10));

      assertThat(new String(local, StandardCharsets.UTF_8))
          .isEqualTo(
              "POST /update?acct=7 caller=pay callee=balance type=application/json x-trace=t1"
                  + " body={\"n\":1}");
      assertThat(new String(other, StandardCharsets.UTF_8))
          .startsWith("GET /entries caller=pay callee=ledger");
      assertThatThrownBy(
              () ->
                  client
                      .invokeMethod("ledger", "entries", null, HttpExtension.GET, byte[].class)
                      .block(Duration.ofSeconds(10)))
          .as("a bare ID is looked up in the caller's namespace only")
          .isInstanceOf(DaprException.class)
          .hasMessageContaining("ERR_DIRECT_INVOKE")
          .hasMessageContaining("ledger.prod");
    }
  }

  @Test
  void theJavaSdkReadsTheCallersMetadataOverGrpc() {
    try (DaprClient client = javaSdk()) {
      var metadata = client.getMetadata().block(Duration.ofSeconds(10));

      assertThat(metadata.getId()).isEqualTo("pay");
      assertThat(metadata.getRuntimeVersion()).isEqualTo(DaprMetadata.RUNTIME_VERSION);
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void aGrpcClientOnDaprsStubsInvokesAFunctionAndGetsItsAnswer() {
    var stub =
        DaprGrpc.newBlockingStub(channel)
            .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(header("x-trace", "abc")))
            .withDeadlineAfter(10, TimeUnit.SECONDS);

    CommonProtos.InvokeResponse r =
        stub.invokeService(
            DaprInvokeProtos.InvokeServiceRequest.newBuilder()
                .setId("balance")
                .setMessage(
                    CommonProtos.InvokeRequest.newBuilder()
                        .setMethod("update")
                        .setContentType("text/plain")
                        .setData(Any.newBuilder().setValue(ByteString.copyFromUtf8("hi")))
                        .setHttpExtension(
                            CommonProtos.HTTPExtension.newBuilder()
                                .setVerb(CommonProtos.HTTPExtension.Verb.PUT)
                                .setQuerystring("acct=7")))
                .build());

    assertThat(r.getData().getValue().toStringUtf8())
        .isEqualTo(
            "PUT /update?acct=7 caller=pay callee=balance type=text/plain x-trace=abc body=hi");
    assertThat(r.getContentType()).isEqualTo("text/plain; charset=utf-8");
    assertThat(access).contains("payments GRPC default/balance-manager InvokeService update 200");
  }

  @Test
  void overGrpcNoVerbIsPostAndANamespacedIdReachesItsNamespace() {
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    var r = stub.invokeService(invoke("ledger.prod", "entries"));

    assertThat(r.getData().getValue().toStringUtf8()).startsWith("POST /entries caller=pay");
  }

  @Test
  void overGrpcAFunctionsErrorStatusIsAGrpcErrorAsDaprMapsIt() {
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.invokeService(invoke("balance", "missing")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.NOT_FOUND);
              var details = StatusProto.fromThrowable(e).getDetailsList();
              assertThat(details).hasSize(1);
              try {
                ErrorInfo info = details.get(0).unpack(ErrorInfo.class);
                assertThat(info.getDomain()).isEqualTo("dapr.io");
                assertThat(info.getMetadataMap())
                    .containsEntry("http.code", "404")
                    .containsEntry("http.error_message", "no such thing");
              } catch (com.google.protobuf.InvalidProtocolBufferException x) {
                throw new AssertionError(x);
              }
            });
  }

  @Test
  void overGrpcUnknownAndStoppedAppsAndUnservedMethodsSayWhy() {
    var stub = DaprGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS);

    assertThatThrownBy(() -> stub.invokeService(invoke("nope", "x")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.INTERNAL);
              assertThat(e.getStatus().getDescription())
                  .contains("fail to invoke, id: nope")
                  .contains("balance.default")
                  .contains("ledger.prod");
            });
    assertThatThrownBy(() -> stub.invokeService(invoke("down", "x")))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> assertThat(e.getStatus().getDescription()).contains("ProcessCrashed"));
    assertThatThrownBy(
            () ->
                stub.getState(
                    DaprStateProtos.GetStateRequest.newBuilder()
                        .setStoreName("statestore")
                        .setKey("k")
                        .build()))
        .isInstanceOfSatisfying(
            StatusRuntimeException.class,
            e -> {
              assertThat(e.getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
              assertThat(e.getStatus().getDescription())
                  .contains("dapr.proto.runtime.v1.Dapr/GetState is not served locally")
                  .contains("service invocation");
            });
    var metadata = stub.getMetadata(DaprMetadataProtos.GetMetadataRequest.getDefaultInstance());
    assertThat(metadata.getId()).isEqualTo("pay");
    assertThat(metadata.getExtendedMetadataMap())
        .containsEntry(
            DaprMetadata.APPS_KEY, "balance.default,down.default,ledger.prod,pay.default");
  }

  @Test
  void overHttpTheHealthAndMetadataEndpointsAnswerAsDaprs() throws Exception {
    assertThat(send(at("/v1.0/healthz")).statusCode()).isEqualTo(204);
    assertThat(send(at("/v1.0/healthz/outbound")).statusCode()).isEqualTo(204);

    HttpResponse<String> m = send(at("/v1.0/metadata"));

    assertThat(m.statusCode()).isEqualTo(200);
    assertThat(m.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonObject json = new JsonObject(m.body());
    assertThat(json.getString("id")).isEqualTo("pay");
    assertThat(json.getString("runtimeVersion")).isEqualTo(DaprMetadata.RUNTIME_VERSION);
    assertThat(json.getJsonArray("components")).isEmpty();
    assertThat(json.getJsonObject("appConnectionProperties").getInteger("port")).isEqualTo(4711);
    assertThat(json.getJsonArray("apps").getList())
        .containsExactly("balance.default", "down.default", "ledger.prod", "pay.default");
  }

  @Test
  void overHttpTheDaprAppIdHeaderInvokesThatAppOnAnyPath() throws Exception {
    HttpResponse<String> r =
        send(
            at("/accounts/7?full=1")
                .header("dapr-app-id", "ledger.prod")
                .POST(HttpRequest.BodyPublishers.ofString("x")));

    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).startsWith("POST /accounts/7?full=1 caller=pay callee=ledger");
    assertThat(r.body()).endsWith("body=x");
  }

  @Test
  void overHttpWhatIsNotServedAnswersInDaprsErrorShape() throws Exception {
    HttpResponse<String> state = send(at("/v1.0/state/statestore/k"));
    HttpResponse<String> publish =
        send(at("/v1.0/publish/pubsub/orders").POST(HttpRequest.BodyPublishers.ofString("{}")));
    HttpResponse<String> unknown = send(at("/v1.0-alpha1/nothing"));
    HttpResponse<String> noApp = send(at("/v1.0/invoke/nope/method/x"));
    HttpResponse<String> down = send(at("/v1.0/invoke/down/method/x"));
    HttpResponse<String> noDapr = send(at("/v1.0/invoke/no-dapr/method/x"));
    HttpResponse<String> noMethod = send(at("/v1.0/invoke/balance"));
    HttpResponse<String> fromAPage =
        send(at("/v1.0/invoke/balance/method/x").header("Origin", "http://evil.example"));

    assertThat(state.statusCode()).isEqualTo(500);
    assertThat(new JsonObject(state.body()).getString("errorCode"))
        .isEqualTo("ERR_STATE_STORE_NOT_CONFIGURED");
    assertThat(new JsonObject(state.body()).getString("message"))
        .contains("state stores")
        .contains("GET /v1.0/state/statestore/k")
        .contains("service invocation only");
    assertThat(publish.statusCode()).isEqualTo(400);
    assertThat(new JsonObject(publish.body()).getString("errorCode"))
        .isEqualTo("ERR_PUBSUB_NOT_CONFIGURED");
    assertThat(unknown.statusCode()).isEqualTo(404);
    assertThat(new JsonObject(unknown.body()).getString("message"))
        .contains("/v1.0-alpha1/nothing");
    for (HttpResponse<String> r : List.of(noApp, down, noDapr)) {
      assertThat(r.statusCode()).isEqualTo(500);
      assertThat(new JsonObject(r.body()).getString("errorCode")).isEqualTo("ERR_DIRECT_INVOKE");
    }
    assertThat(new JsonObject(down.body()).getString("message")).contains("ProcessCrashed");
    assertThat(new JsonObject(noDapr.body()).getString("message"))
        .contains("spec.deploy.dapr.enabled");
    assertThat(noMethod.statusCode()).isEqualTo(400);
    assertThat(fromAPage.statusCode()).isEqualTo(403);
    assertThat(new JsonObject(fromAPage.body()).getString("errorCode"))
        .isEqualTo("ERR_PERMISSION_DENIED");
  }

  private static DaprInvokeProtos.InvokeServiceRequest invoke(String id, String method) {
    return DaprInvokeProtos.InvokeServiceRequest.newBuilder()
        .setId(id)
        .setMessage(CommonProtos.InvokeRequest.newBuilder().setMethod(method))
        .build();
  }

  private static Metadata header(String key, String value) {
    Metadata md = new Metadata();
    md.put(Metadata.Key.of(key, Metadata.ASCII_STRING_MARSHALLER), value);
    return md;
  }
}
