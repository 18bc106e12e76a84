package com.zenith.functions.local.gateway;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.json.JsonObject;

/**
 * A request for a running function, sent straight to its port under the gateway's rules (those of
 * {@link Forwarder}): hop-by-hop headers dropped, Host, X-Forwarded-* and the hop's traceparent
 * set; bounded by the function's timeout (504, the upstream call cut); cancelled when the client
 * goes away (499 in the access log); 503 when the port refuses, 502 when the function fails before
 * answering; counted in flight while the function drains. Heads are rewritten in place.
 */
final class ForwardExchange extends FrontExchange implements ForwardEnds {
  private final Route route;
  private final String host;
  private final String path;
  private final ForwardBooks books;
  private HttpRequest outHead;
  private boolean retried;
  private String upgrade;
  private String error;
  private final Deadlines.Entry deadline =
      new Deadlines.Entry() {
        @Override
        void expire() {
          timedOut();
        }
      };

  ForwardExchange(
      FrontConnection conn,
      HttpRequest request,
      Route route,
      String host,
      String path,
      long start) {
    super(conn, request, start, true);
    this.route = route;
    this.host = host;
    this.path = path;
    this.books = new ForwardBooks(conn, route, request.method().name(), path, start, deadline);
  }

  @Override
  public void start() {
    books.open(request.headers().get(Forwarder.TRACEPARENT));
    conn.loop.acquire(route.port(), false, this::connected, this::notAnswering);
  }

  private void connected(Upstream u) {
    if (finished) {
      conn.loop.release(u); // nothing was written on it
    } else {
      attach(u);
    }
  }

  @Override
  HttpRequest upstreamHead() {
    if (outHead == null) { // the same head if it goes out again on a new connection
      boolean chunked = HttpUtil.isTransferEncodingChunked(request);
      HttpHeaders h = request.headers();
      upgrade = ForwardedHeaders.upgradeAsked(h);
      ForwardedHeaders.strip(h);
      if (upgrade != null) { // a WebSocket, say: the function may switch protocols (101)
        ForwardedHeaders.setUpgrade(h, upgrade);
      }
      h.set(HttpHeaderNames.HOST, ForwardedHeaders.stripPortIfDefault(host));
      h.add(Forwarder.X_FORWARDED_FOR, conn.remoteHost());
      h.set(Forwarder.X_FORWARDED_HOST, host);
      String traceparent = books.hop.traceparent();
      if (traceparent != null) {
        h.set(Forwarder.TRACEPARENT, traceparent);
      }
      if (chunked) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
      request.setProtocolVersion(HttpVersion.HTTP_1_1).setUri(path);
      outHead = request;
    }
    return outHead;
  }

  @Override
  HttpResponse clientHead(HttpResponse r, int code, boolean informational) {
    boolean chunked = HttpUtil.isTransferEncodingChunked(r);
    HttpHeaders h = r.headers();
    if (code == 101 && upgrade != null) {
      String to = h.get(HttpHeaderNames.UPGRADE, upgrade);
      ForwardedHeaders.strip(h);
      ForwardedHeaders.setUpgrade(h, to);
      return r.setProtocolVersion(HttpVersion.HTTP_1_1);
    }
    ForwardedHeaders.strip(h);
    if (!informational) {
      boolean bodyAllowed = !head && code != 204 && code != 304;
      if (bodyAllowed && !h.contains(HttpHeaderNames.CONTENT_LENGTH)) {
        if (clientHttp10) {
          closeClient = true; // no chunked encoding in HTTP/1.0: the close ends the body
        } else {
          h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
      } else if (chunked && !clientHttp10) {
        h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
      }
      if (!clientKeepAlive || closeClient) {
        closeClient = true;
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (clientHttp10) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    }
    return r.setProtocolVersion(clientHttp10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1);
  }

  @Override
  boolean ended(Upstream u) {
    if (status == 101 && upgrade != null) {
      // Switched protocols: the call ends here (its timeout and in-flight count with it) and
      // the two connections carry raw bytes until either side closes.
      finish(101, null, 101);
      conn.channel().flush();
      conn.startTunnel(u);
      return false;
    }
    if (upstreamKeepAlive && requestSent) {
      conn.loop.release(u);
    } else {
      u.channel.close();
    }
    finish(status, null, status);
    return true;
  }

  @Override
  public boolean finish(int hopStatus, String why, int logStatus) {
    if (!books.close(hopStatus, why, logStatus)) {
      return false;
    }
    finished = true;
    releaseEarly();
    return true;
  }

  @Override
  public void answer(int code, JsonObject body) {
    responseEnded = true;
    headWritten = true;
    if (!clientKeepAlive) {
      conn.closeAfter(FrontReplies.json(code, body, true));
      return;
    }
    conn.channel().writeAndFlush(FrontReplies.json(code, body, false));
    conn.responseEnded(this);
  }

  @Override
  public void cancelUpstream() {
    Upstream u = upstream;
    upstream = null;
    if (u != null) {
      u.serve(null);
      u.channel.close();
    }
  }

  @Override
  public void upstreamError(Throwable cause) {
    error = cause.getMessage();
  }

  @Override
  public void upstreamClosed(Upstream u) {
    if (u != upstream) {
      return;
    }
    upstream = null;
    if (finished) {
      return;
    }
    if (!responseStarted && u.reused && bodyless && !retried) {
      // A kept-alive connection the function had closed meanwhile: once more on a new one.
      retried = true;
      resendLast = requestSent;
      requestSent = false;
      conn.loop.connect(
          route.port(),
          new java.net.InetSocketAddress("127.0.0.1", route.port()),
          Upstreams.Line.HTTP,
          this::connected,
          this::notAnswering);
      return;
    }
    failed(error != null ? error : "the connection closed before the answer");
  }

  @Override
  public FrontConnection conn() {
    return conn;
  }

  @Override
  public Route route() {
    return route;
  }

  @Override
  public String host() {
    return host;
  }

  @Override
  public boolean headWritten() {
    return headWritten;
  }

  @Override
  public int status() {
    return status;
  }
}
