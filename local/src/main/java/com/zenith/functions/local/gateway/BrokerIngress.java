package com.zenith.functions.local.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
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
          Map<String, List<String>> headers = new LinkedHashMap<>();
          for (var e : req.headers()) {
            headers
                .computeIfAbsent(e.getKey().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                .add(e.getValue());
          }
          control
              .ingest(namespace, broker, headers, body.getBytes())
              .whenComplete(
                  (a, err) ->
                      context.runOnContext(
                          x -> {
                            ControlApi.Answer answer =
                                err == null
                                    ? a
                                    : new ControlApi.Answer(
                                        500,
                                        Replies.error("the broker failed: " + err, path).encode());
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

  private static void discard(HttpServerRequest req) {
    req.handler(chunk -> {});
    req.exceptionHandler(e -> {});
    req.endHandler(v -> {});
  }

  private void tooLarge(
      HttpServerRequest req, String target, String path, long start, long size, long limit) {
    discard(req);
    replies.reply(
        req,
        start,
        target,
        413,
        Replies.error(
            (size >= 0 ? "the request body is " + size + " bytes" : "the request body is larger")
                + "; the broker accepts at most "
                + limit
                + " bytes for one request of this content type (ZENITH_EVENT_MAX_BYTES, or"
                + " ZENITH_EVENT_MAX_BATCH_BYTES for a batch)",
            path));
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
