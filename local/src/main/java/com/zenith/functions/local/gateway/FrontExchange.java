package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.json.JsonObject;
import java.util.ArrayDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One request on the gateway's front and its answer. Forwarded to a running function, it follows
 * the gateway's rules (those of {@link Forwarder}): hop-by-hop headers dropped, Host, X-Forwarded-*
 * and the hop's traceparent set, bounded by the function's timeout (504, the upstream call cut),
 * cancelled when the client goes away (499 in the access log), 503 when the port refuses, 502 when
 * the function fails before answering; counted in flight for drains. Relayed to the engine's own
 * server, it goes verbatim both ways. Event-loop confined.
 */
final class FrontExchange extends Deadlines.Entry {
  private static final long SMALL_BODY = 64 * 1024;
  private static final HttpHeadersFactory HEADERS =
      DefaultHttpHeadersFactory.headersFactory().withValidation(false);

  private final FrontConnection conn;
  private final Route route; // null: relayed to the engine's server
  private final HttpRequest request;
  private final String host;
  private final String path;
  private final long start;
  private final boolean clientKeepAlive;
  private final boolean clientHttp10;
  private final boolean head;
  private final boolean bodyless;
  private HopObserver.Hop hop = Forwarder.NO_HOP;
  private AtomicInteger inFlight;
  private Upstream upstream;
  private ArrayDeque<HttpContent> early;
  private boolean requestSent;
  private boolean responseStarted;
  private boolean headWritten;
  private boolean informational;
  private boolean upstreamKeepAlive;
  private boolean retried;
  private final boolean gather;
  private boolean headSent;
  private boolean lastSeen;
  private boolean resendLast;
  private boolean responseEnded;
  private boolean finished;
  private int status;
  private String error;

  private FrontExchange(
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
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    this.head = request.method().equals(HttpMethod.HEAD);
    boolean chunked = HttpUtil.isTransferEncodingChunked(request);
    long length = chunked ? -1 : HttpUtil.getContentLength(request, 0L);
    this.bodyless = length == 0;
    this.gather = length > 0 && length <= SMALL_BODY;
  }

  /** A request for a running function, to be sent to its port by {@link #start}. */
  static FrontExchange forward(
      FrontConnection conn, HttpRequest req, Route route, String host, String path, long start) {
    return new FrontExchange(conn, req, route, host, path, start);
  }

  /** A request for the engine's own server, relayed verbatim by {@link #start}. */
  static FrontExchange relay(FrontConnection conn, HttpRequest req, long start) {
    return new FrontExchange(conn, req, null, null, req.uri(), start);
  }

  /** Sends the request on; called once the connection holds this exchange. */
  void start() {
    if (route == null) {
      conn.internal(this::attach, e -> conn.closeAfter(Unpooled.EMPTY_BUFFER));
      return;
    }
    inFlight = conn.server.routes.inFlightCounter(route.port());
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
    conn.loop.deadlines.add(this, start + route.timeoutMillis() * 1_000_000);
    conn.loop.acquire(route.port(), this::attach, this::notAnswering);
  }

  private HttpRequest upstreamHead() {
    if (route == null) {
      return request;
    }
    HttpHeaders h = HEADERS.newHeaders();
    ForwardedHeaders.copy(request.headers(), h);
    h.set(HttpHeaderNames.HOST, ForwardedHeaders.stripPortIfDefault(host));
    h.add(Forwarder.X_FORWARDED_FOR, conn.remoteHost());
    h.set(Forwarder.X_FORWARDED_HOST, host);
    String traceparent = hop.traceparent();
    if (traceparent != null) {
      h.set(Forwarder.TRACEPARENT, traceparent);
    }
    if (HttpUtil.isTransferEncodingChunked(request)) {
      h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
    }
    return new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), path, h);
  }

  private void attach(Upstream u) {
    if (finished) {
      if (route != null) {
        conn.loop.release(u); // nothing was written on it
      }
      return;
    }
    upstream = u;
    u.serve(this);
    headSent = false;
    sendHeadIfReady();
  }

  /**
   * Writes the head and what came of the body once connected, and for a small body (a declared
   * length up to {@link #SMALL_BODY}) only once all of it is here: head and body then go out in one
   * write, as some servers (the JDK's HttpServer) answer a separate body a delayed ACK late.
   */
  private void sendHeadIfReady() {
    if (upstream == null || headSent || (gather && !lastSeen)) {
      return;
    }
    headSent = true;
    upstream.channel.write(upstreamHead());
    if (early != null) {
      for (HttpContent c; (c = early.poll()) != null; ) {
        send(c);
      }
    } else if (resendLast) {
      resendLast = false;
      send(LastHttpContent.EMPTY_LAST_CONTENT);
    }
    upstream.channel.flush();
  }

  /** A part of the request body from the client (its ownership comes with it). */
  void requestContent(HttpContent c) {
    if (finished || responseEnded) {
      c.release(); // answered already: the rest of the body is read and dropped
    } else if (upstream == null || !headSent) {
      if (early == null) {
        early = new ArrayDeque<>(2);
      }
      early.add(c);
      if (c instanceof LastHttpContent) {
        lastSeen = true;
        sendHeadIfReady();
      }
    } else {
      send(c);
      if (!upstream.channel.isWritable()) {
        conn.channel().config().setAutoRead(false);
      }
    }
  }

  private void send(HttpContent c) {
    if (c instanceof LastHttpContent) {
      requestSent = true;
    }
    upstream.channel.write(c);
  }

  void flushUpstream() {
    if (upstream != null) {
      upstream.channel.flush();
    }
  }

  boolean responseEnded() {
    return responseEnded;
  }

  /** What the upstream answers, in order. */
  void response(Upstream u, HttpObject o) {
    if (u != upstream || finished) {
      ReferenceCountUtil.release(o);
      return;
    }
    responseStarted = true;
    if (o.decoderResult().isFailure()) {
      ReferenceCountUtil.release(o);
      upstreamError(o.decoderResult().cause());
      u.channel.close(); // not HTTP: upstreamClosed answers 502 (or cuts the line)
      return;
    }
    Channel client = conn.channel();
    if (o instanceof HttpResponse r) {
      int code = r.status().code();
      informational = code >= 100 && code < 200 && code != 101;
      if (!informational) {
        status = code;
        headWritten = true;
        upstreamKeepAlive = HttpUtil.isKeepAlive(r);
      }
      client.write(route == null ? r : clientHead(r, code));
    }
    if (o instanceof HttpContent c) {
      boolean last = c instanceof LastHttpContent;
      if (informational) {
        c.release();
        if (last) {
          client.write(LastHttpContent.EMPTY_LAST_CONTENT);
          informational = false;
        }
      } else {
        client.write(c);
        if (last) {
          u.flushLater(client);
          end(u);
          return;
        }
      }
    }
    u.flushLater(client);
    if (!client.isWritable()) {
      u.channel.config().setAutoRead(false);
    }
  }

  private HttpResponse clientHead(HttpResponse r, int code) {
    HttpHeaders h = HEADERS.newHeaders();
    ForwardedHeaders.copy(r.headers(), h);
    if (!informational) {
      boolean bodyAllowed = !head && code != 204 && code != 304;
      if (bodyAllowed && !r.headers().contains(HttpHeaderNames.CONTENT_LENGTH)) {
        if (clientHttp10) {
          closeClient = true; // no chunked encoding in HTTP/1.0: the close ends the body
        } else {
          h.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        }
      }
      if (!clientKeepAlive || closeClient) {
        closeClient = true;
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
      } else if (clientHttp10) {
        h.set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
      }
    }
    return new DefaultHttpResponse(
        clientHttp10 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1, r.status(), h);
  }

  private boolean closeClient;

  /** The answer is complete. */
  private void end(Upstream u) {
    responseEnded = true;
    upstream = null;
    u.serve(null);
    if (route == null) {
      finished = true;
      if (request.method().equals(HttpMethod.CONNECT) && status / 100 == 2) {
        conn.channel().flush();
        conn.startTunnel(u);
        return;
      }
      if (!upstreamKeepAlive) {
        u.channel.close();
        closeClient = true;
      } else if (!requestSent) {
        // Answered before the whole body went on: that line is out of step, so a new one next.
        u.channel.close();
      }
    } else {
      if (upstreamKeepAlive && requestSent) {
        conn.loop.release(u);
      } else {
        u.channel.close();
      }
      finish(status, null, status);
    }
    if (closeClient) {
      conn.closeAfter(Unpooled.EMPTY_BUFFER);
    } else {
      conn.responseEnded(this);
    }
  }

  /**
   * Ends a forwarded call once: the deadline and the in-flight count released, the hop ended with
   * {@code hopStatus} (0: no answer, {@code why} says why), one access-log line with {@code
   * logStatus}. False when it had ended already.
   */
  private boolean finish(int hopStatus, String why, int logStatus) {
    if (finished) {
      return false;
    }
    finished = true;
    conn.loop.deadlines.remove(this);
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

  /** The function's port refused the connection: 503, as {@link Forwarder} answers. */
  private void notAnswering(Throwable cause) {
    if (!finish(0, cause.getMessage(), 503)) {
      return;
    }
    answer(
        503,
        Replies.error("function " + route.name() + " does not answer: " + cause.getMessage(), host)
            .put("function", route.name()));
  }

  void upstreamError(Throwable cause) {
    error = cause.getMessage();
  }

  /** The upstream connection closed before the answer was complete. */
  void upstreamClosed(Upstream u) {
    if (u != upstream) {
      return;
    }
    upstream = null;
    if (route == null) {
      // The engine's server closed the line (for a function's request to an unknown host, as a
      // failed DNS lookup would): so does the gateway, without an answer.
      finished = true;
      conn.closeAfter(Unpooled.EMPTY_BUFFER);
      return;
    }
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
          this::attach,
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

  @Override
  void expire() {
    if (!finish(
        0,
        "no answer within the timeout of " + route.timeoutSeconds() + " s (answered 504)",
        504)) {
      return;
    }
    cancelUpstream();
    if (headWritten) {
      conn.channel().close(); // part of the answer is out: the client sees the line cut
      return;
    }
    answer(
        504,
        Replies.error(
                "function "
                    + route.name()
                    + " did not answer within its timeout of "
                    + route.timeoutSeconds()
                    + " s (spec.deploy.timeoutSeconds); the call was cancelled",
                host)
            .put("function", route.name())
            .put("timeoutSeconds", route.timeoutSeconds()));
  }

  /** The client went away: the call is cancelled upstream (499 in the access log). */
  void clientGone() {
    if (route == null) {
      finished = true;
      return;
    }
    if (responseEnded
        || !finish(
            Replies.CLIENT_CLOSED,
            "the client closed the connection before the answer",
            Replies.CLIENT_CLOSED)) {
      return;
    }
    cancelUpstream();
  }

  void clientWritable(boolean writable) {
    if (upstream != null) {
      upstream.channel.config().setAutoRead(writable);
    }
  }

  void upstreamWritable(boolean writable) {
    conn.channel().config().setAutoRead(writable);
  }
}
