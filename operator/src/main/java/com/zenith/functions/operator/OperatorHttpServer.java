package com.zenith.functions.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints: {@code /healthz} (liveness: the process answers), {@code /readyz}
 * (the operator started and every informer is healthy) and {@code /metrics} (Prometheus text).
 */
public final class OperatorHttpServer {

  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on {@code port} (0 picks a free one). */
  public static OperatorHttpServer start(
      int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(port), 0);
    server.createContext("/healthz", ex -> reply(ex, 200, "ok"));
    server.createContext(
        "/readyz",
        ex -> {
          boolean ready = runtime.isStarted() && runtime.allEventSourcesAreHealthy();
          reply(ex, ready ? 200 : 503, ready ? "ok" : "not ready");
        });
    Supplier<String> scrape = registry::scrape;
    server.createContext("/metrics", ex -> reply(ex, 200, scrape.get()));
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.start();
    return new OperatorHttpServer(server);
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving. */
  public void stop() {
    server.stop(1);
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, bytes.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(bytes);
    }
  }
}
