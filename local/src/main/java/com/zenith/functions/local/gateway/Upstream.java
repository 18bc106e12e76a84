package com.zenith.functions.local.gateway;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;

/**
 * One connection from the gateway's front to where a request goes: a function's port (pooled per
 * event loop, {@link Upstreams}) or the engine's own server (one per client connection). It hands
 * what arrives to the exchange it serves; once a CONNECT tunnel is up, it relays raw bytes to its
 * peer. Event-loop confined.
 */
final class Upstream extends ChannelInboundHandlerAdapter {
  /** What a connection serves: one call at a time, that gets what arrives on it. */
  interface User {
    /** What the connection read: HTTP objects, or bytes on a raw line. */
    void response(Upstream u, Object msg);

    /** The connection became writable or not. */
    void upstreamWritable(boolean writable);

    /** The connection closed while serving this call. */
    void upstreamClosed(Upstream u);

    /** Why the connection failed, when it says (before it closes). */
    void upstreamError(Throwable cause);
  }

  final Channel channel;

  /** The function port it is pooled under; 0 for a connection to the engine's own server. */
  final int port;

  /** True on a line without the HTTP codec (the raw path's, pooled apart). */
  final boolean raw;

  private final Upstreams.Loop pool;
  private User exchange;
  private Channel flushTarget;
  private Channel tunnelPeer;
  boolean reused;
  long idleSince;

  Upstream(Channel channel, int port, Upstreams.Loop pool, boolean raw) {
    this.channel = channel;
    this.port = port;
    this.pool = pool;
    this.raw = raw;
  }

  /** Serves {@code x} from now on (null: idle). */
  void serve(User x) {
    exchange = x;
  }

  /** Relays raw bytes to {@code peer} from now on (a tunnel). */
  void tunnelTo(Channel peer) {
    exchange = null;
    tunnelPeer = peer;
  }

  /** {@code target} gets a flush when this read is complete. */
  void flushLater(Channel target) {
    flushTarget = target;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (tunnelPeer != null) {
      tunnelPeer.write(msg);
      flushTarget = tunnelPeer;
    } else if (exchange != null) {
      exchange.response(this, msg);
    } else {
      ReferenceCountUtil.release(msg); // nothing asked for it
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    Channel target = flushTarget;
    if (target != null) {
      flushTarget = null;
      target.flush();
    }
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) {
    if (exchange != null) {
      exchange.upstreamWritable(channel.isWritable());
    } else if (tunnelPeer != null) {
      tunnelPeer.config().setAutoRead(channel.isWritable());
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (tunnelPeer != null) {
      tunnelPeer.close();
    } else if (exchange != null) {
      User x = exchange;
      exchange = null;
      x.upstreamClosed(this);
    } else if (pool != null) {
      pool.forget(this);
    }
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    if (exchange != null) {
      exchange.upstreamError(cause);
    }
    ctx.close(); // channelInactive then ends the exchange
  }
}
