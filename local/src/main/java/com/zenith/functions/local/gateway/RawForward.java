package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpContent;
import io.netty.util.ReferenceCountUtil;
import io.vertx.core.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A request for a running function forwarded as bytes ({@link RawFront} took its head): the head
 * rewritten under the rules of {@link ForwardExchange} (hop-by-hop headers dropped; Host,
 * X-Forwarded-* and the hop's traceparent set) straight from the client's bytes into the function's
 * line, the body and the answer ({@link RawAnswer}) passed on as they come, with no HTTP objects in
 * between; timeouts, 499, 502, 503, drains and the access log as on the decoding path ({@link
 * ForwardBooks}). Event-loop confined.
 */
final class RawForward implements ForwardEnds, Upstream.User, RawAnswer.Out {
  private static final long SMALL_BODY = 64 * 1024;
  private static final byte[] CRLF = {'\r', '\n'};

  private final FrontConnection conn;
  private final Route route;
  private final String host;
  private final RawAnswer answer;
  private final boolean clientClose;
  private final boolean bodyless;
  private final boolean gather;
  private final ForwardBooks books;
  private final ByteBuf outHead;
  private ArrayDeque<ByteBuf> early;
  private Upstream upstream;
  private boolean headSent;
  private boolean lastSeen;
  private boolean requestSent;
  private boolean retried;
  private boolean responseStarted;
  private boolean headWritten;
  private boolean responseEnded;
  private boolean finished;
  private int status;
  private String error;
  private final Deadlines.Entry deadline =
      new Deadlines.Entry() {
        @Override
        void expire() {
          timedOut();
        }
      };

  /**
   * The call for the request whose head {@code h} read in {@code b} (not yet skipped); its head for
   * the function is written out now, while those bytes are at hand.
   */
  RawForward(
      FrontConnection conn,
      RawHead h,
      ByteBuf b,
      Route route,
      String host,
      String path,
      RawAnswer answer,
      long start) {
    this.conn = conn;
    this.route = route;
    this.host = host;
    this.answer = answer;
    this.clientClose = h.close;
    long length = Math.max(h.contentLength, 0);
    this.bodyless = length == 0;
    this.lastSeen = bodyless;
    this.gather = length > 0 && length <= SMALL_BODY;
    String method = b.toString(h.start, h.methodEnd - h.start, StandardCharsets.US_ASCII);
    this.books = new ForwardBooks(conn, route, method, path, start, deadline);
    books.open(h.traceparent < 0 ? null : h.value(h.traceparent));
    this.outHead = head(h, b, path, books.hop.traceparent());
  }

  /** The head for the function, from the client's bytes. */
  private ByteBuf head(RawHead h, ByteBuf b, String path, String traceparent) {
    ByteBuf o = conn.channel().alloc().directBuffer(h.length() + 2 * host.length() + 160);
    o.writeBytes(b, h.start, h.methodEnd - h.start + 1);
    o.writeCharSequence(path, StandardCharsets.US_ASCII);
    o.writeCharSequence(" HTTP/1.1\r\n", StandardCharsets.US_ASCII);
    int run = -1; // the first line of a run of lines kept as they are
    for (int n = 0; n <= h.lines; n++) {
      boolean keep = n < h.lines && !dropped(h, n, traceparent != null);
      if (keep && run < 0) {
        run = n;
      } else if (!keep && run >= 0) {
        int to = n < h.lines ? h.lineStart[n] : h.end - 2;
        o.writeBytes(b, h.lineStart[run], to - h.lineStart[run]);
        run = -1;
      }
    }
    header(o, "Host: ", ForwardedHeaders.stripPortIfDefault(host));
    header(o, "X-Forwarded-For: ", conn.remoteHost());
    header(o, "X-Forwarded-Host: ", host);
    if (traceparent != null) {
      header(o, "traceparent: ", traceparent);
    }
    return o.writeBytes(CRLF);
  }

  private static boolean dropped(RawHead h, int n, boolean ownTraceparent) {
    int from = h.lineStart[n];
    return ForwardedHeaders.hopByHop(h.view.of(from, h.nameEnd[n] - from))
        || h.nameIs(n, "x-forwarded-host")
        || (ownTraceparent && n == h.traceparent);
  }

  private static void header(ByteBuf o, String name, String value) {
    o.writeCharSequence(name, StandardCharsets.US_ASCII);
    o.writeCharSequence(value, StandardCharsets.ISO_8859_1);
    o.writeBytes(CRLF);
  }

  @Override
  public void start() {
    answer.reset(clientClose);
    conn.loop.acquire(route.port(), true, this::connected, this::notAnswering);
  }

  private void connected(Upstream u) {
    if (finished) {
      conn.loop.release(u); // nothing was written on it
      return;
    }
    upstream = u;
    u.serve(this);
    if (!u.channel.config().isAutoRead()) {
      u.channel.config().setAutoRead(true);
    }
    headSent = false;
    sendHeadIfReady();
  }

  /** Head and body in one write for a small body, once all of it is here (as the other path). */
  private void sendHeadIfReady() {
    if (upstream == null || headSent || (gather && !lastSeen)) {
      return;
    }
    headSent = true;
    upstream.channel.write(outHead.retainedDuplicate());
    if (early != null) {
      for (ByteBuf part; (part = early.poll()) != null; ) {
        upstream.channel.write(part);
      }
    }
    requestSent = lastSeen;
    upstream.channel.flush();
  }

  /** A part of the request's body (owned from now on); {@code last} ends it. */
  void requestBody(ByteBuf part, boolean last) {
    if (last) {
      lastSeen = true;
    }
    if (finished || responseEnded) {
      part.release(); // answered already: the rest of the body is dropped
    } else if (upstream == null || !headSent) {
      if (early == null) {
        early = new ArrayDeque<>(2);
      }
      early.add(part);
      sendHeadIfReady();
    } else {
      upstream.channel.write(part);
      requestSent = last;
      if (!upstream.channel.isWritable()) {
        conn.channel().config().setAutoRead(false);
      }
    }
  }

  @Override
  public void requestContent(HttpContent c) {
    c.release(); // a raw call's body comes as bytes (requestBody)
  }

  @Override
  public void response(Upstream u, Object msg) {
    if (u != upstream || finished || !(msg instanceof ByteBuf b)) {
      ReferenceCountUtil.release(msg);
      return;
    }
    responseStarted = true;
    int r = answer.take(b, this);
    u.flushLater(conn.channel());
    if (r == RawAnswer.FAILED) {
      error = answer.failure;
      u.channel.close(); // upstreamClosed answers 502 (or cuts the line)
    } else if (r == RawAnswer.DONE) {
      end(u, answer.upstreamKeepAlive && requestSent && !answer.extra);
    } else if (!conn.channel().isWritable()) {
      u.channel.config().setAutoRead(false);
    }
  }

  @Override
  public void interim(ByteBuf h) {
    conn.writeRaw(h);
  }

  @Override
  public void head(int code, ByteBuf h) {
    status = code;
    headWritten = true;
    conn.writeRaw(h);
  }

  @Override
  public void body(ByteBuf part) {
    conn.writeRaw(part);
  }

  private void end(Upstream u, boolean reuse) {
    responseEnded = true;
    upstream = null;
    u.serve(null);
    if (reuse) {
      conn.loop.release(u);
    } else {
      u.channel.close();
    }
    finish(status, null, status);
    if (clientClose) {
      conn.closeAfter(Unpooled.EMPTY_BUFFER);
    } else {
      conn.responseEnded(this);
    }
  }

  @Override
  public boolean finish(int hopStatus, String why, int logStatus) {
    if (!books.close(hopStatus, why, logStatus)) {
      return false;
    }
    finished = true;
    outHead.release();
    if (early != null) {
      early.forEach(ByteBuf::release);
      early.clear();
    }
    answer.release();
    return true;
  }

  @Override
  public void answer(int code, JsonObject body) {
    responseEnded = true;
    headWritten = true;
    conn.writeRaw(FrontReplies.bytes(FrontReplies.json(code, body, clientClose)));
    if (clientClose) {
      conn.closeAfter(Unpooled.EMPTY_BUFFER);
      return;
    }
    conn.channel().flush();
    conn.responseEnded(this);
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
    if (answer.closed(this)) { // an answer the close ends
      conn.channel().flush();
      end(u, false);
      return;
    }
    if (!responseStarted && u.reused && bodyless && !retried) {
      // A kept-alive connection the function had closed meanwhile: once more on a new one.
      retried = true;
      requestSent = false;
      conn.loop.connect(
          route.port(),
          new java.net.InetSocketAddress("127.0.0.1", route.port()),
          Upstreams.Line.RAW,
          this::connected,
          this::notAnswering);
      return;
    }
    failed(error != null ? error : "the connection closed before the answer");
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
  public boolean responseEnded() {
    return responseEnded;
  }

  @Override
  public void flushUpstream() {
    if (upstream != null) {
      upstream.channel.flush();
    }
  }

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
