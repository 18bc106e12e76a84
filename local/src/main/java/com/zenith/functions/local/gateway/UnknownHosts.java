package com.zenith.functions.local.gateway;

import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host no function answers to: the gateway never forwards there. A function's request fails as a
 * failed DNS lookup would in a cluster; a person on the main port is told which functions exist.
 */
final class UnknownHosts {
  // The line keeps the logger it had when ProxyHandler wrote it, so log filters still match.
  private static final Logger LOG = LoggerFactory.getLogger(ProxyHandler.class);

  private final RouteTable routes;
  private final String caller;
  private final Replies replies;

  /** {@code caller} is the function whose gateway this is, null on the main port. */
  UnknownHosts(RouteTable routes, String caller, Replies replies) {
    this.routes = routes;
    this.caller = caller;
    this.replies = replies;
  }

  /**
   * An unknown host: for a function's request a transport error, as a failed DNS lookup is in a
   * cluster (the connection closes without an answer, so the caller takes its error path), with one
   * log line; for a person on the main port, the JSON 404 naming the functions that exist.
   */
  void answer(HttpServerRequest req, long start, String host) {
    if (caller == null) {
      notFound(req, start, host);
      return;
    }
    warn(host);
    req.connection().close();
  }

  /** The one warning line when a function asked for an unknown host; none on the main port. */
  void warn(String host) {
    if (caller == null) {
      return;
    }
    LOG.warn(
        "{}: unknown host {}: no function answers to it, the connection was closed as a failed DNS"
            + " lookup would be; the functions are {}",
        caller,
        host,
        routes.knownHosts());
  }

  private void notFound(HttpServerRequest req, long start, String host) {
    JsonArray known = new JsonArray();
    routes.knownHosts().forEach(known::add);
    replies.reply(
        req,
        start,
        host == null ? "-" : host,
        404,
        Replies.error(
                "unknown host: no function answers to it, and zenith dev forwards only to its own"
                    + " functions",
                host)
            .put("knownHosts", known));
  }
}
