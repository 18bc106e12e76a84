package com.zenith.functions.local.gateway;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.nio.charset.StandardCharsets;

/**
 * The raw path of a client connection, before Netty's HTTP codec: a plain HTTP/1.1 request for a
 * running function (no Expect, Upgrade, chunked body or Connection-named headers; not HEAD or
 * CONNECT), its head whole in one read, is forwarded from its bytes by {@link RawForward}, skipping
 * the decoding and encoding of both heads. Anything else, and everything after it on the
 * connection, goes to the codec: the first request the raw path does not take removes it from the
 * pipeline, at a request's boundary. Event-loop confined.
 */
final class RawFront extends ChannelInboundHandlerAdapter {
  static final String NAME = "raw";

  /** Off with {@code -Dzenith.gateway.raw=false}: every request through the codec. */
  static final boolean ENABLED = !"false".equals(System.getProperty("zenith.gateway.raw"));

  private final FrontConnection conn;
  private final RawHead head = new RawHead();
  private RawAnswer answer;
  private RawForward body;
  private long bodyLeft;

  RawFront(FrontConnection conn) {
    this.conn = conn;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (!(msg instanceof ByteBuf b)) {
      ctx.fireChannelRead(msg);
      return;
    }
    if (conn.closing()) {
      b.release();
      return;
    }
    if (bodyLeft > 0) {
      RawForward x = body;
      int n = (int) Math.min(bodyLeft, b.readableBytes());
      bodyLeft -= n;
      x.requestBody(b.readRetainedSlice(n), bodyLeft == 0);
      if (bodyLeft == 0) {
        body = null;
        conn.rawRequestEnded(x);
      }
      if (!b.isReadable()) {
        b.release();
        return;
      }
    }
    if (!conn.idle() || !take(b)) {
      fallBack(ctx, b);
    }
  }

  /** Forwards the request at the start of {@code b} when the raw path can; false if not. */
  private boolean take(ByteBuf b) {
    long start = System.nanoTime();
    if (head.request(b) != RawHead.COMPLETE
        || !head.http11
        || head.expect
        || head.upgrade
        || head.transferEncoding
        || head.connectionNamesOthers
        || is(b, "HEAD")
        || is(b, "CONNECT")) {
      return false;
    }
    String target =
        b.toString(head.targetStart, head.targetEnd - head.targetStart, StandardCharsets.US_ASCII);
    String host;
    String path = target;
    if (target.startsWith("http://")) { // forward-proxy form, as FrontRouter reads it
      int slash = target.indexOf('/', 7);
      host = slash < 0 ? target.substring(7) : target.substring(7, slash);
      path = slash < 0 ? "/" : target.substring(slash);
      if (host.indexOf('@') >= 0 || path.indexOf('#') >= 0) {
        return false;
      }
    } else if (target.startsWith("/") && head.host >= 0) {
      host = head.value(head.host);
    } else {
      return false;
    }
    RouteTable.Forward f = conn.router().forward(host);
    if (f == null) {
      return false;
    }
    if (answer == null) {
      answer = new RawAnswer(conn.channel().alloc());
    }
    RawForward x = new RawForward(conn, head, b, f.route(), host, path, answer, start);
    long length = Math.max(head.contentLength, 0);
    b.skipBytes(head.length());
    int n = (int) Math.min(length, b.readableBytes());
    bodyLeft = length - n;
    conn.beginRaw(x, bodyLeft == 0);
    if (n > 0) {
      x.requestBody(b.readRetainedSlice(n), bodyLeft == 0);
    }
    if (bodyLeft > 0) {
      body = x;
    }
    if (b.isReadable()) {
      return false; // pipelined: the codec reads the rest, and the connection queues it
    }
    b.release();
    return true;
  }

  private boolean is(ByteBuf b, String method) {
    int len = head.methodEnd - head.start;
    if (len != method.length()) {
      return false;
    }
    for (int i = 0; i < len; i++) {
      if (b.getByte(head.start + i) != method.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** The codec takes {@code b} and all that follows; this path steps out of the pipeline. */
  private void fallBack(ChannelHandlerContext ctx, ByteBuf b) {
    ctx.pipeline().remove(this);
    ctx.fireChannelRead(b);
  }
}
