package com.zenith.functions.sdk;

import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.sdk.trace.OtelTracing;
import com.zenith.functions.sdk.trace.Tracing;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Not a test: SDK call overhead against a raw {@link HttpClient} call to the same local server,
 * sequential calls on one connection, with tracing off ({@link Tracing#none()}) and on (every call
 * a sampled client span, batched and exported over OTLP HTTP/protobuf to a sink on the same
 * server). Command in docs/sdk.md. Args: [calls per round] [rounds].
 */
public final class CallOverheadBenchmark {
  record Req(String account, double amount) {}

  record Res(String status, double balance, String account) {}

  private CallOverheadBenchmark() {}

  @FunctionalInterface
  interface Body {
    void call() throws Exception;
  }

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    System.setProperty("sun.net.httpserver.nodelay", "true");
    byte[] reply =
        "{\"status\":\"updated\",\"balance\":100.5,\"account\":\"ACC-001\"}"
            .getBytes(StandardCharsets.UTF_8);
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    AtomicLong exports = new AtomicLong();
    server.createContext(
        "/v1/traces",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            exports.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
          }
        });
    server.createContext(
        "/",
        ex -> {
          try (ex) {
            ex.getRequestBody().readAllBytes();
            ex.getResponseHeaders().set("Content-Type", "application/json");
            ex.sendResponseHeaders(200, reply.length);
            ex.getResponseBody().write(reply);
          }
        });
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    URI base = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    Req req = new Req("ACC-001", 100.5);
    byte[] reqBytes = Json.write(req);

    try (HttpClient raw =
            HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .proxy(HttpClient.Builder.NO_PROXY)
                .build();
        OpenTelemetrySdk otel =
            OpenTelemetrySdk.builder()
                .setTracerProvider(
                    SdkTracerProvider.builder()
                        .addSpanProcessor(
                            BatchSpanProcessor.builder(
                                    OtlpHttpSpanExporter.builder()
                                        .setEndpoint(base + "/v1/traces")
                                        .build())
                                .build())
                        .build())
                .build();
        Zenith zenith = Zenith.builder().env(Map.of()).tracing(Tracing.none()).build();
        Zenith traced = Zenith.builder().env(Map.of()).tracing(OtelTracing.of(otel)).build()) {
      var client = zenith.callUrl("bench", base);
      var tracedClient = traced.callUrl("bench", base);
      HttpRequest rawRequest =
          HttpRequest.newBuilder(base.resolve("/update"))
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofByteArray(reqBytes))
              .build();
      Body rawBytes = () -> raw.send(rawRequest, HttpResponse.BodyHandlers.ofByteArray());
      Body rawJson =
          () -> {
            var r =
                HttpRequest.newBuilder(base.resolve("/update"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(Json.write(req)))
                    .build();
            Json.read(raw.send(r, HttpResponse.BodyHandlers.ofByteArray()).body(), Res.class);
          };
      Body sdk = () -> client.post("/update", req, Res.class);
      Body sdkTraced = () -> tracedClient.post("/update", req, Res.class);

      System.out.printf("warming up (%d calls each)%n", calls);
      time(rawBytes, calls);
      time(rawJson, calls);
      time(sdk, calls);
      time(sdkTraced, calls);
      String head = "%-6s %10s %10s %10s %10s %9s %9s %9s%n";
      String row = "%-6s %10.1f %10.1f %10.1f %10.1f %9.2f %9.2f %9.2f%n";
      System.out.printf(
          head,
          "round",
          "raw us",
          "raw+json",
          "sdk",
          "sdk+trace",
          "sdk/json",
          "trace/json",
          "trace/sdk");
      double sumJson = 0;
      double sumRaw = 0;
      double sumSdk = 0;
      double sumTraced = 0;
      for (int i = 1; i <= rounds; i++) {
        double r = time(rawBytes, calls);
        double j = time(rawJson, calls);
        double s = time(sdk, calls);
        double t = time(sdkTraced, calls);
        sumRaw += r;
        sumJson += j;
        sumSdk += s;
        sumTraced += t;
        System.out.printf(row, i, r, j, s, t, s / j, t / j, t / s);
      }
      System.out.printf(
          row,
          "mean",
          sumRaw / rounds,
          sumJson / rounds,
          sumSdk / rounds,
          sumTraced / rounds,
          sumSdk / sumJson,
          sumTraced / sumJson,
          sumTraced / sumSdk);
      otel.getSdkTracerProvider().forceFlush().join(10, java.util.concurrent.TimeUnit.SECONDS);
      System.out.printf("OTLP export requests received: %d%n", exports.get());
    } finally {
      server.stop(0);
    }
  }

  /** Microseconds per call. */
  private static double time(Body body, int calls) throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < calls; i++) {
      body.call();
    }
    return (System.nanoTime() - start) / 1000.0 / calls;
  }
}
