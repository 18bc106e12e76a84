package com.zenith.functions.local.gateway;

import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Holds a request for a function that is coming up, as Knative's activator does, and forwards it
 * once the function runs; a function that stays down gets the JSON 503 with why.
 */
final class Activator {
  private final Vertx vertx;
  private final RouteTable routes;
  private final String callerNamespace;
  private final Forwarder forwarder;
  private final Replies replies;
  private final UnknownHosts unknownHosts;

  Activator(
      Vertx vertx,
      RouteTable routes,
      String callerNamespace,
      Forwarder forwarder,
      Replies replies,
      UnknownHosts unknownHosts) {
    this.vertx = vertx;
    this.routes = routes;
    this.callerNamespace = callerNamespace;
    this.forwarder = forwarder;
    this.replies = replies;
    this.unknownHosts = unknownHosts;
  }

  /** Forwards to the function {@code host} names, waiting while it comes up; the same route. */
  void forwardTo(HttpServerRequest req, long start, String host, String path) {
    switch (routes.resolve(host, callerNamespace)) {
      case RouteTable.Forward f -> forwarder.forward(req, f.route(), host, path, start);
      case RouteTable.Down d -> holdOrDown(req, start, d.route(), host, path);
      default -> unknownHosts.answer(req, start, host);
    }
  }

  /**
   * A function that is down: while it comes up (building, starting, restarting), the request waits
   * for it as Knative's activator holds requests, bounded by the function's timeout; otherwise, or
   * when the time is up, a 503 with the reason.
   */
  void holdOrDown(HttpServerRequest req, long start, Route route, String host, String path) {
    long left = route.timeoutMillis() - (System.nanoTime() - start) / 1_000_000;
    if (!route.activating() || left <= 0) {
      down(req, start, route, host);
      return;
    }
    req.pause();
    Context ctx = vertx.getOrCreateContext();
    boolean[] settled = {false};
    Runnable[] cancel = {() -> {}};
    long timer =
        vertx.setTimer(
            left,
            id -> {
              if (!settled[0]) {
                settled[0] = true;
                cancel[0].run();
                Route now = routes.get(route.namespace(), route.name());
                req.resume();
                down(req, start, now == null ? route : now, host);
              }
            });
    req.response()
        .closeHandler(
            v -> {
              if (!settled[0]) {
                settled[0] = true;
                vertx.cancelTimer(timer);
                cancel[0].run();
                replies.log(req, route.key(), path, Replies.CLIENT_CLOSED, start);
              }
            });
    cancel[0] =
        routes.awaitSettled(
            route.key(),
            () ->
                ctx.runOnContext(
                    v -> {
                      if (!settled[0]) {
                        settled[0] = true;
                        vertx.cancelTimer(timer);
                        forwardTo(req, start, host, path);
                      }
                    }));
  }

  /** The JSON 503 for a function that exists but does not run, with why. */
  private void down(HttpServerRequest req, long start, Route route, String host) {
    replies.reply(req, start, route.key(), 503, downBody(route, host));
  }

  /** The body of the 503 for a function that exists but does not run: which one, and why. */
  static JsonObject downBody(Route route, String host) {
    return Replies.error("function " + route.name() + " is not running", host)
        .put("function", route.name())
        .put("namespace", route.namespace())
        .put("reason", route.downReason());
  }
}
