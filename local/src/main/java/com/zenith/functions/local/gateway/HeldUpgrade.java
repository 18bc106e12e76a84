package com.zenith.functions.local.gateway;

import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * An upgrade (a WebSocket) for a function that is coming up, held on the front as Knative's
 * activator holds requests, bounded by the function's timeout; then forwarded by a {@link
 * ForwardExchange}, which passes the upgrade on, or answered 503 with why. (The engine's server,
 * which holds other requests, cannot pass an upgrade on.) Event-loop confined.
 */
final class HeldUpgrade implements FrontCall {
  private final FrontConnection conn;
  private final HttpRequest request;
  private final Route route;
  private final String host;
  private final String path;
  private final long start;
  private final List<HttpContent> held = new ArrayList<>(1);
  private Runnable stopWaiting = () -> {};
  private ScheduledFuture<?> timer;
  private FrontCall forward;
  private boolean ended;

  HeldUpgrade(
      FrontConnection conn,
      HttpRequest request,
      Route route,
      String host,
      String path,
      long start) {
    this.conn = conn;
    this.request = request;
    this.route = route;
    this.host = host;
    this.path = path;
    this.start = start;
  }

  @Override
  public void start() {
    long left = route.timeoutMillis() - (System.nanoTime() - start) / 1_000_000;
    if (left <= 0) {
      down(route);
      return;
    }
    timer =
        conn.channel()
            .eventLoop()
            .schedule(
                () -> {
                  Route now = conn.server.routes.get(route.namespace(), route.name());
                  down(now == null ? route : now);
                },
                left,
                TimeUnit.MILLISECONDS);
    await();
  }

  private void await() {
    stopWaiting =
        conn.server.routes.awaitSettled(
            route.key(), () -> conn.channel().eventLoop().execute(this::settled));
  }

  /** The route changed: forward if the function runs, wait on if it is still coming up. */
  private void settled() {
    if (ended || forward != null) {
      return;
    }
    switch (conn.server.routes.resolve(host, conn.server.callerNamespace)) {
      case RouteTable.Forward f -> {
        timer.cancel(false);
        forward = new ForwardExchange(conn, request, f.route(), host, path, start);
        conn.handOver(this, forward);
        forward.start();
        held.forEach(forward::requestContent);
        held.clear();
      }
      case RouteTable.Down d when d.route().activating() -> await();
      case RouteTable.Down d -> down(d.route());
      default -> down(route);
    }
  }

  private void down(Route now) {
    if (ended || forward != null) {
      return;
    }
    ended = true;
    stopWaiting.run();
    if (timer != null) {
      timer.cancel(false);
    }
    releaseHeld();
    conn.server.replies.log(request.method().name(), route.key(), path, 503, start);
    conn.closeAfter(FrontReplies.json(503, Activator.downBody(now, host), true));
  }

  @Override
  public void requestContent(HttpContent c) {
    if (forward != null) {
      forward.requestContent(c);
    } else if (ended) {
      c.release();
    } else {
      held.add(c);
    }
  }

  @Override
  public boolean responseEnded() {
    return forward != null ? forward.responseEnded() : ended;
  }

  @Override
  public void flushUpstream() {
    if (forward != null) {
      forward.flushUpstream();
    }
  }

  @Override
  public void clientWritable(boolean writable) {
    if (forward != null) {
      forward.clientWritable(writable);
    }
  }

  @Override
  public void clientGone() {
    if (forward != null) {
      forward.clientGone();
      return;
    }
    if (!ended) {
      ended = true;
      stopWaiting.run();
      if (timer != null) {
        timer.cancel(false);
      }
      releaseHeld();
      conn.server.replies.log(
          request.method().name(), route.key(), path, Replies.CLIENT_CLOSED, start);
    }
  }

  private void releaseHeld() {
    held.forEach(HttpContent::release);
    held.clear();
  }
}
