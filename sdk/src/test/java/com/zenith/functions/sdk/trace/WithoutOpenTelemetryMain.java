package com.zenith.functions.sdk.trace;

import com.zenith.functions.sdk.Zenith;
import com.zenith.functions.sdk.host.FunctionHost;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Run by {@link WithoutOpenTelemetryTest} in a JVM whose class path has no OpenTelemetry jar: a
 * host whose handler calls another host, fires and forgets, and publishes an event to a third
 * route; prints what arrived. Names no OpenTelemetry type.
 */
public final class WithoutOpenTelemetryMain {
  private WithoutOpenTelemetryMain() {}

  public static void main(String[] args) throws Exception {
    try {
      Class.forName("io.opentelemetry.api.GlobalOpenTelemetry");
      System.out.println("OTEL_PRESENT");
    } catch (ClassNotFoundException expected) {
      System.out.println("OTEL_ABSENT");
    }
    var seen = new CopyOnWriteArrayList<String>();
    try (Zenith downstreamSdk = Zenith.builder().env(Map.of("PORT", "0")).build()) {
      FunctionHost downstream =
          downstreamSdk
              .host()
              .post(
                  "/update",
                  r -> {
                    seen.add("update " + r.header("traceparent"));
                    return Map.of("ok", true);
                  })
              .onEvent(
                  e -> {
                    seen.add("event " + e.getExtension("traceparent"));
                    return null;
                  })
              .start();
      String base = "http://127.0.0.1:" + downstream.port();
      try (Zenith z =
          Zenith.builder()
              .env(Map.of("PORT", "0", "BALANCE_MANAGER_URL", base, "K_SINK", base + "/"))
              .build()) {
        System.out.println("TRACING " + z.tracing().getClass().getSimpleName());
        FunctionHost host =
            z.host()
                .post(
                    "/transaction",
                    r -> {
                      z.call("balance-manager").post("/update", Map.of(), String.class);
                      z.call("balance-manager").fireAndForget("/update", Map.of());
                      z.events().publish("t.created", Map.of());
                      return Map.of();
                    })
                .start();
        try (var http = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build()) {
          var res =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + host.port() + "/transaction"))
                      .header("traceparent", args[0])
                      .POST(HttpRequest.BodyPublishers.ofString("{}"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          System.out.println("STATUS " + res.statusCode());
        }
        z.drain(Duration.ofSeconds(5));
        host.stop();
      }
      downstream.stop();
    }
    seen.stream().sorted().forEach(s -> System.out.println("SEEN " + s));
  }
}
