package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A request for a running function, sent straight to its port under the gateway's rules (those of
 * {@link Forwarder}): hop-by-hop headers dropped, Host, X-Forwarded-* and the hop's traceparent
 * set; bounded by the function's timeout (504, the upstream call cut); cancelled when the client
 * goes away (499 in the access log); 503 when the port refuses, 502 when the function fails before
 * answering; counted in flight while the function drains. Heads are rewritten in place.
 */
final class ForwardExchange extends FrontExchange {
  private final Route route;
  private final String host;
  private final String path;
  private HopObserver.Hop hop = Forwarder.NO_HOP;
  private AtomicInteger inFlight;
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
  }

  @Override
  public void start() {
    inFlight = conn.inFlight(route.port());
    inFlight.incrementAndGet();
    if (conn.server.hops != HopObserver.NONE) {
      hop =
          conn.server.hops.begin(
              conn.server.hopCaller,
              route.key(),
              request.method().name(),
              path,
              request.headers().get(Forwarder.TRACEPARENT));
    }
    conn.loop.deadlines.add(deadline, start + route.timeoutMillis() * 1_000_000);
    conn.loop.acquire(route.port(), this::connected, this::notAnswering);
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
      String traceparent = hop.traceparent();
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

  /**
   * Ends the call once: the deadline and the in-flight count released, the hop ended with {@code
   * hopStatus} (0: no answer, {@code why} says why), one access-log line with {@code logStatus}.
   * False when it had ended already.
   */
  private boolean finish(int hopStatus, String why, int logStatus) {
    if (finished) {
      return false;
    }
    finished = true;
    releaseEarly();
    conn.loop.deadlines.remove(deadline);
    inFlight.decrementAndGet();
    hop.end(hopStatus, why);
    conn.server.replies.log(request.method().name(), route.key(), path, logStatus, start);
    return true;
  }

  /** The gateway answers by itself (the call has ended). */
  private void answer(int code, JsonObject body) {
    responseEnded = true;
    headWritten = true;
    if (!clientKeepAlive) {
      conn.closeAfter(FrontReplies.json(code, body, true));
      return;
    }
    conn.channel().writeAndFlush(FrontReplies.json(code, body, false));
    conn.responseEnded(this);
  }

  private void cancelUpstream() {
    Upstream u = upstream;
    upstream = null;
    if (u != null) {
      u.serve(null);
      u.channel.close();
    }
  }

  private void notAnswering(Throwable cause) {
    if (finish(0, cause.getMessage(), 503)) {
      answer(503, Replies.notAnswering(route, host, cause));
    }
  }

  @Override
  void upstreamError(Throwable cause) {
    error = cause.getMessage();
  }

  @Override
  void upstreamClosed(Upstream u) {
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
          true,
          this::connected,
          this::notAnswering);
      return;
    }
    String why = error != null ? error : "the connection closed before the answer";
    if (headWritten) {
      finish(0, why, status);
      conn.channel().close(); // part of the answer is out: the client sees the line cut
      return;
    }
    finish(0, why, 502);
    answer(502, Replies.error("function " + route.name() + " failed: " + why, host));
  }

  private void timedOut() {
    if (!finish(0, Replies.timeoutNote(route), 504)) {
      return;
    }
    cancelUpstream();
    if (headWritten) {
      conn.channel().close(); // part of the answer is out: the client sees the line cut
      return;
    }
    answer(504, Replies.timedOut(route, host));
  }

  @Override
  public void clientTimedOut() {
    endByClient(
        Replies.CLIENT_TIMED_OUT, "the client kept the gateway waiting past its client timeout");
  }

  @Override
  public void clientGone() {
    endByClient(Replies.CLIENT_CLOSED, "the client closed the connection before the answer");
  }

  /** The client ended the call before its answer did: logged with {@code status}, upstream cut. */
  private void endByClient(int status, String why) {
    if (!responseEnded && finish(status, why, status)) {
      cancelUpstream();
    }
  }
}
