package com.zenith.functions.local.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads a CloudEvent request for the broker on the event loop without ever holding more than the
 * broker's size limit: a declared Content-Length above it, or a body that grows past it, gets 413
 * at once and the rest of the body is discarded as it arrives. The broker answers with a stage (its
 * journal is written off the loop); the answer is sent back on the request's own context.
 */
final class BrokerIngress {
  /** The ingress by path on the engine's own address: {@code /_zenith/broker/<ns>/<broker>}. */
  static final String PATH_PREFIX = "/_zenith/broker/";

  private final ControlApi control;
  private final Replies replies;

  BrokerIngress(ControlApi control, Replies replies) {
    this.control = control;
    this.replies = replies;
  }

  void accept(HttpServerRequest req, String namespace, String broker, String path, long start) {
    String target = "broker " + namespace + "/" + broker;
    long limit = control.ingestLimit(req.getHeader(HttpHeaders.CONTENT_TYPE));
    long declared = contentLength(req.getHeader(HttpHeaders.CONTENT_LENGTH));
    Context context = Vertx.currentContext();
    if (declared > limit) {
      discard(req);
      tooLarge(req, target, path, start, declared, limit);
      return;
    }
    Buffer body = Buffer.buffer(declared > 0 ? (int) declared : 256);
    long[] size = {0};
    boolean[] refused = {false};
    req.handler(
        chunk -> {
          if (refused[0]) {
            return;
          }
          size[0] += chunk.length();
          if (size[0] > limit) {
            refused[0] = true;
            tooLarge(req, target, path, start, -1, limit);
            return;
          }
          body.appendBuffer(chunk);
        });
    req.exceptionHandler(
        e -> {
          refused[0] = true;
          replies.reply(
              req,
              start,
              target,
              400,
              Replies.error("cannot read the body: " + e.getMessage(), path));
        });
    req.endHandler(
        v -> {
          if (refused[0]) {
            return;
          }
          control
              .ingest(namespace, broker, headerMap(req.headers()), body.getBytes())
              .whenComplete(
                  (a, err) ->
                      context.runOnContext(
                          x -> {
                            ControlApi.Answer answer = answerOf(a, err, path);
                            if (req.response().ended()) {
                              return;
                            }
                            req.response()
                                .setStatusCode(answer.status())
                                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                                .end(answer.json());
                            replies.log(req, target, path, answer.status(), start);
                          }));
        });
  }

  /**
   * The namespace and broker of an ingress path, Knative's {@code /<namespace>/<broker>} (a query
   * ignored), or null when the path has another shape.
   */
  static String[] target(String path) {
    int q = path.indexOf('?');
    String clean = q >= 0 ? path.substring(0, q) : path;
    int from = 0;
    while (from < clean.length() && clean.charAt(from) == '/') {
      from++;
    }
    String[] parts = clean.substring(from).split("/");
    return parts.length == 2 && !parts[0].isEmpty() && !parts[1].isEmpty() ? parts : null;
  }

  /** A request's headers as the broker reads them: lower-case names, values in order. */
  static Map<String, List<String>> headerMap(Iterable<Map.Entry<String, String>> headers) {
    Map<String, List<String>> map = new LinkedHashMap<>();
    for (var e : headers) {
      map.computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
          .add(e.getValue());
    }
    return map;
  }

  /** The broker's answer, or a 500 when it failed. */
  static ControlApi.Answer answerOf(ControlApi.Answer a, Throwable err, String path) {
    return err == null
        ? a
        : new ControlApi.Answer(500, Replies.error("the broker failed: " + err, path).encode());
  }

  /**
   * The 413 body: a request of {@code size} bytes (-1: it grew past the limit) over {@code limit}.
   */
  static JsonObject tooLarge(long size, long limit, String path) {
    return Replies.error(
        (size >= 0 ? "the request body is " + size + " bytes" : "the request body is larger")
            + "; the broker accepts at most "
            + limit
            + " bytes for one request of this content type (ZENITH_EVENT_MAX_BYTES, or"
            + " ZENITH_EVENT_MAX_BATCH_BYTES for a batch)",
        path);
  }

  private static void discard(HttpServerRequest req) {
    req.handler(chunk -> {});
    req.exceptionHandler(e -> {});
    req.endHandler(v -> {});
  }

  private void tooLarge(
      HttpServerRequest req, String target, String path, long start, long size, long limit) {
    discard(req);
    replies.reply(req, start, target, 413, tooLarge(size, limit, path));
  }

  private static long contentLength(String header) {
    if (header == null) {
      return -1;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
