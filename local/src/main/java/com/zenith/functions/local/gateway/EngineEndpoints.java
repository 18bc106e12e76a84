package com.zenith.functions.local.gateway;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;

/**
 * The engine's own endpoints under {@code /_zenith/v1/} on the gateway, for the CLI and the
 * dashboard: functions, events, traces and the call graph as JSON, logs and live updates as
 * server-sent events. Every one needs the token or the dashboard's session cookie (401 without).
 */
final class EngineEndpoints {
  private static final String EVENTS = "/_zenith/v1/events/";

  private final ControlApi control;
  private final ControlAccess access;
  private final Replies replies;
  private final LiveFeed feed;
  private final LogStream logs;

  EngineEndpoints(Vertx vertx, ControlApi control, ControlAccess access, Replies replies) {
    this.control = control;
    this.access = access;
    this.replies = replies;
    this.feed = new LiveFeed(vertx, control, replies);
    this.logs = new LogStream(vertx, control, replies);
  }

  void handle(HttpServerRequest req, String path, long start) {
    if (!access.authorized(req)) {
      replies.reply(
          req,
          start,
          "gateway",
          401,
          Replies.error(
              "the engine's endpoints need its token: Authorization: Bearer <token> (see zenith"
                  + " kubeconfig), or the dashboard's session (open the dashboard URL zenith dev"
                  + " printed)",
              path));
      return;
    }
    String clean = path.contains("?") ? path.substring(0, path.indexOf('?')) : path;
    if (clean.length() > 1 && clean.endsWith("/")) {
      clean = clean.substring(0, clean.length() - 1);
    }
    if (clean.startsWith(LogStream.PREFIX)) {
      logs.handle(req, path, start);
      return;
    }
    ControlApi.Answer a =
        switch (clean) {
          case LiveFeed.PATH -> null;
          case "/_zenith/v1/functions" -> new ControlApi.Answer(200, control.functionsJson());
          case EVENTS + "deliveries" -> control.deliveries(since(req.getParam("since")));
          case EVENTS + "dead-letters/replay" ->
              req.method() == HttpMethod.POST
                  ? control.deadLetters(true)
                  : new ControlApi.Answer(405, Replies.error("replay takes POST", path).encode());
          case EVENTS + "dead-letters" -> control.deadLetters(false);
          case "/_zenith/v1/traces" ->
              control.traces(
                  req.getParam("since"), req.getParam("function"), req.getParam("limit"));
          case "/_zenith/v1/graph" -> control.graph();
          default ->
              new ControlApi.Answer(404, Replies.error("unknown engine endpoint", path).encode());
        };
    if (a == null) {
      feed.handle(req, start);
      return;
    }
    req.response()
        .setStatusCode(a.status())
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(a.json());
    replies.log(req, "gateway", path, a.status(), start);
  }

  private static long since(String since) {
    try {
      return since == null ? 0 : Long.parseLong(since);
    } catch (NumberFormatException e) {
      return 0;
    }
  }
}
