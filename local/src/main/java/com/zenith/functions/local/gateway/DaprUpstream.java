package com.zenith.functions.local.gateway;

import com.zenith.functions.local.gateway.dapr.DaprHttpApi;
import io.vertx.core.http.HttpServerRequest;

/** Lends the Dapr API the gateway's forwarding and access log. */
final class DaprUpstream implements DaprHttpApi.Upstream {
  private final Forwarder forwarder;
  private final Replies replies;

  DaprUpstream(Forwarder forwarder, Replies replies) {
    this.forwarder = forwarder;
    this.replies = replies;
  }

  @Override
  public void forward(HttpServerRequest req, Route route, String path, long start) {
    forwarder.forward(
        req, route, route.name() + "." + route.namespace() + ".svc.cluster.local", path, start);
  }

  @Override
  public void log(HttpServerRequest req, String target, String path, int status, long start) {
    replies.log(req, target, path, status, start);
  }
}
