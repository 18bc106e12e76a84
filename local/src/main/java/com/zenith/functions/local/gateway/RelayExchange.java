package com.zenith.functions.local.gateway;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;

/**
 * A request the engine's own server answers (its API, dashboard, broker ingress, Dapr API, a
 * function that is down or starting, CONNECT): relayed verbatim over the client connection's own
 * line to that server, which logs and observes it. A CONNECT it accepts becomes a tunnel.
 */
final class RelayExchange extends FrontExchange {
  RelayExchange(FrontConnection conn, HttpRequest request, long start) {
    super(conn, request, start, false);
  }

  @Override
  public void start() {
    conn.engine.get(
        u -> {
          if (!finished) {
            attach(u);
          }
        },
        e -> {
          finished = true;
          releaseEarly();
          conn.closeAfter(Unpooled.EMPTY_BUFFER);
        });
  }

  @Override
  HttpRequest upstreamHead() {
    return request;
  }

  @Override
  HttpResponse clientHead(HttpResponse r, int code, boolean informational) {
    return r;
  }

  @Override
  boolean ended(Upstream u) {
    finished = true;
    if (request.method().equals(HttpMethod.CONNECT) && status / 100 == 2) {
      conn.channel().flush();
      conn.startTunnel(u);
      return false;
    }
    if (!upstreamKeepAlive) {
      u.channel.close();
      closeClient = true;
    } else if (!requestSent) {
      // Answered before the whole body went on: that line is out of step, so a new one next.
      u.channel.close();
    }
    return true;
  }

  @Override
  public void upstreamClosed(Upstream u) {
    if (u != upstream) {
      return;
    }
    upstream = null;
    // The engine's server closed the line (for a function's request to an unknown host, as a
    // failed DNS lookup would): so does the gateway, without an answer.
    finished = true;
    releaseEarly();
    conn.closeAfter(Unpooled.EMPTY_BUFFER);
  }

  @Override
  public void clientGone() {
    finished = true; // the connection closes its line to the engine's server
    releaseEarly();
  }
}
