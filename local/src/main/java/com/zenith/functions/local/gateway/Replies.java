package com.zenith.functions.local.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** How the gateway answers by itself (a JSON error) and writes the access log line. */
final class Replies {
  /** The access log's status for a client that closed the connection before the answer (nginx). */
  static final int CLIENT_CLOSED = 499;

  private final AccessLog accessLog;
  private final String caller;

  Replies(AccessLog accessLog, String caller) {
    this.accessLog = accessLog;
    this.caller = caller;
  }

  static JsonObject error(String message, String host) {
    JsonObject o = new JsonObject().put("error", message);
    if (host != null) {
      o.put("host", host);
    }
    return o;
  }

  void reply(HttpServerRequest req, long start, String target, int status, JsonObject body) {
    HttpServerResponse res = req.response();
    if (res.ended() || res.closed()) {
      return;
    }
    res.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .putHeader("X-Zenith-Gateway", "error")
        .end(body.encode());
    log(req, target, req.uri(), status, start);
  }

  void log(HttpServerRequest req, String target, String path, int status, long start) {
    log(req.method().name(), target, path, status, start);
  }

  /** One access-log line; {@code start} is the request's {@code System.nanoTime()}. */
  void log(String method, String target, String path, int status, long start) {
    accessLog.record(caller, method, target, path, status, (System.nanoTime() - start) / 1e6);
  }
}
