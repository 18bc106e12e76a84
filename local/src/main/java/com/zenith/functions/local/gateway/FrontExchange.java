package com.zenith.functions.local.gateway;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObject;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.ReferenceCountUtil;
import java.util.ArrayDeque;

/**
 * One request on the gateway's front and its answer, streamed both ways between the client and an
 * {@link Upstream}, with backpressure: {@link ForwardExchange} to a running function, {@link
 * RelayExchange} to the engine's own server. Event-loop confined.
 */
abstract class FrontExchange implements FrontCall, Upstream.User {
  private static final long SMALL_BODY = 64 * 1024;

  final FrontConnection conn;
  final HttpRequest request;
  final long start;
  final boolean clientKeepAlive;
  final boolean clientHttp10;
  final boolean head;
  final boolean bodyless;
  private final boolean gather;
  Upstream upstream;
  private ArrayDeque<HttpContent> early;
  private boolean headSent;
  private boolean lastSeen;
  boolean resendLast;
  boolean requestSent;
  boolean responseStarted;
  boolean headWritten;
  private boolean informational;
  boolean upstreamKeepAlive;
  boolean responseEnded;
  boolean finished;
  boolean closeClient;
  int status;

  /**
   * An exchange for {@code request}; {@code gatherSmallBody} holds a small declared body back until
   * it is whole, to send it with the head (for functions; the engine's own server is better served
   * at once: measured with bench/events, gathering there gave a p99 of 100-370 ms at half load
   * against about 5 ms without).
   */
  FrontExchange(FrontConnection conn, HttpRequest request, long start, boolean gatherSmallBody) {
    this.conn = conn;
    this.request = request;
    this.start = start;
    this.clientKeepAlive = HttpUtil.isKeepAlive(request);
    this.clientHttp10 = request.protocolVersion().equals(HttpVersion.HTTP_1_0);
    this.head = request.method().equals(HttpMethod.HEAD);
    long length =
        HttpUtil.isTransferEncodingChunked(request) ? -1 : HttpUtil.getContentLength(request, 0L);
    this.bodyless = length == 0;
    // Not with Expect: 100-continue: that client sends its body only once the function says so.
    this.gather =
        gatherSmallBody
            && length > 0
            && length <= SMALL_BODY
            && !HttpUtil.is100ContinueExpected(request);
  }

  /** Sends the request on; called once the connection holds this exchange. */
  @Override
  public abstract void start();

  /** The request head as it goes upstream. */
  abstract HttpRequest upstreamHead();

  /** The answer's head as it goes to the client. */
  abstract HttpResponse clientHead(HttpResponse r, int code, boolean informational);

  /** The answer is complete and {@code u} serves nobody; true when the next request may come. */
  abstract boolean ended(Upstream u);

  /** The upstream connection closed before the answer was complete. */
  @Override
  public abstract void upstreamClosed(Upstream u);

  /** {@code u} now carries this exchange. */
  void attach(Upstream u) {
    upstream = u;
    u.serve(this);
    if (!u.channel.config().isAutoRead()) {
      u.channel.config().setAutoRead(true); // an earlier answer on this line paused it
    }
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

  @Override
  public void requestContent(HttpContent c) {
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

  /** Releases the parts of the body still held (the call ended before they went on). */
  void releaseEarly() {
    if (early != null) {
      for (HttpContent c; (c = early.poll()) != null; ) {
        c.release();
      }
    }
  }

  private void send(HttpContent c) {
    if (c instanceof LastHttpContent) {
      requestSent = true;
    }
    upstream.channel.write(c);
  }

  @Override
  public void flushUpstream() {
    if (upstream != null) {
      upstream.channel.flush();
    }
  }

  @Override
  public boolean responseEnded() {
    return responseEnded;
  }

  /** What the upstream answers, in order. */
  @Override
  public void response(Upstream u, Object msg) {
    if (u != upstream || finished || !(msg instanceof HttpObject o)) {
      ReferenceCountUtil.release(msg);
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
      if (informational) {
        conn.writeInterim(FrontReplies.interim(clientHead(r, code, true)));
      } else {
        client.write(clientHead(r, code, false));
      }
    }
    if (o instanceof HttpContent c) {
      boolean last = c instanceof LastHttpContent;
      if (informational) {
        c.release();
        if (last) {
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

  private void end(Upstream u) {
    responseEnded = true;
    upstream = null;
    u.serve(null);
    if (!ended(u)) {
      return;
    }
    if (closeClient) {
      conn.closeAfter(Unpooled.EMPTY_BUFFER);
    } else {
      conn.responseEnded(this);
    }
  }

  /** Why the upstream failed, when it says (before it closes). */
  @Override
  public void upstreamError(Throwable cause) {}

  @Override
  public void clientWritable(boolean writable) {
    if (upstream != null) {
      upstream.channel.config().setAutoRead(writable);
    }
  }

  @Override
  public void upstreamWritable(boolean writable) {
    if (writable) {
      conn.resumeReading();
    } else {
      conn.channel().config().setAutoRead(false);
    }
  }
}
