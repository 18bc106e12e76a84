package com.zenith.functions.operator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.operator.git.GitWebhook;
import io.javaoperatorsdk.operator.RuntimeInfo;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The operator's HTTP endpoints: {@code /healthz} (liveness: the process answers), {@code /readyz}
 * (the operator started and every informer is healthy), {@code /metrics} (Prometheus text) and
 * {@code POST /webhooks/git} (push webhooks of GitHub, GitLab and Gitea).
 */
public final class OperatorHttpServer {

  private final HttpServer server;

  private OperatorHttpServer(HttpServer server) {
    this.server = server;
  }

  /** The largest webhook body read; forges send a few kilobytes. */
  static final int MAX_WEBHOOK_BODY = 1 << 20;

  /** Starts serving on {@code port} (0 picks a free one), without the webhook. */
  public static OperatorHttpServer start(
      int port, RuntimeInfo runtime, PrometheusMeterRegistry registry) throws IOException {
    return start(port, runtime, registry, null);
  }

  /** Starts serving on {@code port} (0 picks a free one); {@code webhook} may be null. */
  public static OperatorHttpServer start(
      int port, RuntimeInfo runtime, PrometheusMeterRegistry registry, GitWebhook webhook)
      throws IOException {
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
    if (webhook != null) {
      server.createContext("/webhooks/git", ex -> webhook(ex, webhook));
    }
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

  private static void webhook(HttpExchange ex, GitWebhook webhook) throws IOException {
    if (!"POST".equals(ex.getRequestMethod())) {
      reply(ex, 405, "POST a push event");
      return;
    }
    byte[] body;
    try (InputStream in = ex.getRequestBody()) {
      body = in.readNBytes(MAX_WEBHOOK_BODY + 1);
    }
    if (body.length > MAX_WEBHOOK_BODY) {
      reply(ex, 413, "the body exceeds " + MAX_WEBHOOK_BODY + " bytes");
      return;
    }
    Map<String, String> headers = new HashMap<>();
    ex.getRequestHeaders()
        .forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.isEmpty() ? "" : v.get(0)));
    GitWebhook.Reply r = webhook.handle(headers, body);
    reply(ex, r.status(), r.body());
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
