package com.zenith.functions.local.traces;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.zip.GZIPInputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's OTLP/HTTP receiver: {@code POST /v1/traces} with a protobuf or JSON export request
 * (gzip or not) puts its spans in the {@link SpanStore}; {@code /v1/metrics} and {@code /v1/logs}
 * are accepted and dropped, so an agent's default exporters do not log errors. It listens on
 * loopback only and serves each request on a virtual thread.
 */
public final class OtlpReceiver implements AutoCloseable {
  /** The largest export request read (decompressed); larger ones get 413. */
  public static final int MAX_BODY = 16 << 20;

  private static final Logger LOG = LoggerFactory.getLogger(OtlpReceiver.class);
  private static final String PROTOBUF = "application/x-protobuf";

  private final SpanStore store;
  private final HttpServer server;
  private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

  private OtlpReceiver(SpanStore store, HttpServer server) {
    this.store = store;
    this.server = server;
  }

  /** Starts a receiver on {@code host}:{@code port} (0: a free port). */
  public static OtlpReceiver start(SpanStore store, String host, int port) throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(host, port), 64);
    OtlpReceiver r = new OtlpReceiver(store, server);
    server.createContext("/", r::handle);
    server.setExecutor(r.executor);
    server.start();
    return r;
  }

  /** The bound port. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** The base URL functions get as OTEL_EXPORTER_OTLP_ENDPOINT. */
  public String endpoint() {
    return "http://" + server.getAddress().getHostString() + ":" + port();
  }

  private void handle(HttpExchange ex) throws IOException {
    try (ex) {
      String path = ex.getRequestURI().getPath();
      boolean traces = path.equals("/v1/traces");
      if (!traces && !path.equals("/v1/metrics") && !path.equals("/v1/logs")) {
        answer(ex, 404, false, "this receiver takes POST /v1/traces");
        return;
      }
      if (!ex.getRequestMethod().equals("POST")) {
        answer(ex, 405, false, "OTLP/HTTP takes POST");
        return;
      }
      String type = contentType(ex);
      boolean json = type.equals("application/json");
      if (!json && !type.equals(PROTOBUF)) {
        answer(ex, 415, false, "expected application/x-protobuf or application/json, got " + type);
        return;
      }
      byte[] body = read(ex);
      if (body == null) {
        answer(ex, 413, json, "the export request is larger than " + MAX_BODY + " bytes");
        return;
      }
      if (!traces) {
        answer(ex, 200, json, null); // metrics and logs: accepted, not kept
        return;
      }
      List<SpanRecord> spans;
      try {
        spans = json ? OtlpSpans.fromJson(body) : OtlpSpans.fromProtobuf(body);
      } catch (OtlpSpans.BadRequest e) {
        LOG.debug("otlp: refused an export request: {}", e.getMessage());
        answer(ex, 400, json, e.getMessage());
        return;
      }
      store.add(spans);
      answer(ex, 200, json, null);
    }
  }

  private static String contentType(HttpExchange ex) {
    String t = ex.getRequestHeaders().getFirst("Content-Type");
    if (t == null) {
      return "";
    }
    int semi = t.indexOf(';');
    return (semi < 0 ? t : t.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
  }

  /** The body, decompressed; null when it exceeds {@link #MAX_BODY}. */
  private static byte[] read(HttpExchange ex) throws IOException {
    InputStream in = ex.getRequestBody();
    if ("gzip".equalsIgnoreCase(ex.getRequestHeaders().getFirst("Content-Encoding"))) {
      in = new GZIPInputStream(in);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    int n;
    while ((n = in.read(buf)) > 0) {
      out.write(buf, 0, n);
      if (out.size() > MAX_BODY) {
        return null;
      }
    }
    return out.toByteArray();
  }

  /**
   * Success is an empty export response; a failure carries a google.rpc.Status-shaped message (JSON
   * for JSON requests, plain text otherwise, which OTLP clients log as it is).
   */
  private static void answer(HttpExchange ex, int status, boolean json, String error)
      throws IOException {
    byte[] body;
    if (error == null) {
      body = json ? "{}".getBytes(StandardCharsets.UTF_8) : new byte[0];
    } else if (json) {
      body =
          new com.fasterxml.jackson.databind.ObjectMapper()
              .createObjectNode()
              .put("code", 3)
              .put("message", error)
              .toString()
              .getBytes(StandardCharsets.UTF_8);
    } else {
      body = error.getBytes(StandardCharsets.UTF_8);
    }
    ex.getResponseHeaders()
        .set(
            "Content-Type",
            json ? "application/json" : error == null ? PROTOBUF : "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
    if (body.length > 0) {
      ex.getResponseBody().write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    executor.shutdownNow();
  }
}
