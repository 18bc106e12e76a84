package com.zenith.functions.sdk;

import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * Not a test: SDK call overhead against a raw {@link HttpClient} call to the same local server,
 * sequential calls on one connection. Command in docs/sdk.md. Args: [calls per round] [rounds].
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
        Zenith zenith = Zenith.builder().env(Map.of()).build()) {
      var client = zenith.callUrl("bench", base);
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

      System.out.printf("warming up (%d calls each)%n", calls);
      time(rawBytes, calls);
      time(rawJson, calls);
      time(sdk, calls);
      System.out.printf(
          "%-6s %14s %14s %14s %10s %10s%n",
          "round", "raw us/call", "raw+json us", "sdk us/call", "sdk/raw", "sdk/raw+json");
      double sumRaw = 0;
      double sumJson = 0;
      double sumSdk = 0;
      for (int i = 1; i <= rounds; i++) {
        double r = time(rawBytes, calls);
        double j = time(rawJson, calls);
        double s = time(sdk, calls);
        sumRaw += r;
        sumJson += j;
        sumSdk += s;
        System.out.printf("%-6d %14.1f %14.1f %14.1f %10.2f %10.2f%n", i, r, j, s, s / r, s / j);
      }
      System.out.printf(
          "%-6s %14.1f %14.1f %14.1f %10.2f %10.2f%n",
          "mean",
          sumRaw / rounds,
          sumJson / rounds,
          sumSdk / rounds,
          sumSdk / sumRaw,
          sumSdk / sumJson);
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
