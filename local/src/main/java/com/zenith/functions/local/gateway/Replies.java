package com.zenith.functions.local.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/** How the gateway answers by itself (a JSON error) and writes the access log line. */
final class Replies {
  /** The access log's status for a client that closed the connection before the answer (nginx). */
  static final int CLIENT_CLOSED = 499;

  /** Logged for a request whose client stopped sending in its middle (Request Timeout). */
  static final int CLIENT_TIMED_OUT = 408;

  private final AccessLog accessLog;
  private final String caller;

  Replies(AccessLog accessLog, String caller) {
    this.accessLog = accessLog;
    this.caller = caller;
  }

  /** The 504 body: {@code route}'s function did not answer within its timeout. */
  static JsonObject timedOut(Route route, String host) {
    return error(
            "function "
                + route.name()
                + " did not answer within its timeout of "
                + route.timeoutSeconds()
                + " s (spec.deploy.timeoutSeconds); the call was cancelled",
            host)
        .put("function", route.name())
        .put("timeoutSeconds", route.timeoutSeconds());
  }

  /** What a hop that timed out says (spans, the call graph). */
  static String timeoutNote(Route route) {
    return "no answer within the timeout of " + route.timeoutSeconds() + " s (answered 504)";
  }

  /** The 503 body: {@code route}'s port refused the connection. */
  static JsonObject notAnswering(Route route, String host, Throwable cause) {
    return error("function " + route.name() + " does not answer: " + cause.getMessage(), host)
        .put("function", route.name());
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
