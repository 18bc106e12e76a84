package com.zenith.functions.local.gateway;

import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.util.collection.IntObjectHashMap;
import io.vertx.core.internal.VertxInternal;
import java.net.SocketAddress;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The gateway front's connections to functions, kept alive and pooled per event loop and port (a
 * connection never changes threads), and each event loop's request deadlines.
 */
final class Upstreams {
  /** Idle connections kept per function port and event loop. */
  static final int MAX_IDLE = 512;

  /** A pooled connection idle longer than this is closed rather than reused. */
  static final long KEEP_ALIVE_NANOS = TimeUnit.SECONDS.toNanos(60);

  static final int CONNECT_TIMEOUT_MILLIS = 2_000;

  private final VertxInternal vertx;
  private final Map<EventLoop, Loop> loops = new ConcurrentHashMap<>();

  Upstreams(VertxInternal vertx) {
    this.vertx = vertx;
  }

  /** The pool and deadlines of {@code loop}. */
  Loop of(EventLoop loop) {
    Loop l = loops.get(loop);
    return l != null ? l : loops.computeIfAbsent(loop, Loop::new);
  }

  /** What one event loop owns; confined to it. */
  final class Loop {
    final EventLoop loop;
    final Deadlines deadlines;
    private final IntObjectHashMap<ArrayDeque<Upstream>> idle = new IntObjectHashMap<>();
    private final IntObjectHashMap<ArrayDeque<Upstream>> rawIdle = new IntObjectHashMap<>();

    private Loop(EventLoop loop) {
      this.loop = loop;
      this.deadlines = new Deadlines(loop);
    }

    /**
     * An idle connection to {@code port}, or a new one, to {@code done} (or the cause to {@code
     * failed}); {@code raw}: one without the HTTP codec, for the raw path ({@link RawForward}).
     */
    void acquire(int port, boolean raw, Consumer<Upstream> done, Consumer<Throwable> failed) {
      ArrayDeque<Upstream> q = (raw ? rawIdle : idle).get(port);
      if (q != null) {
        long now = System.nanoTime();
        Upstream u;
        while ((u = q.pollLast()) != null) {
          if (u.channel.isActive() && now - u.idleSince < KEEP_ALIVE_NANOS) {
            u.reused = true;
            done.accept(u);
            return;
          }
          u.channel.close();
        }
      }
      connect(
          port,
          new java.net.InetSocketAddress("127.0.0.1", port),
          raw ? Line.RAW : Line.HTTP,
          done,
          failed);
    }

    /**
     * A new connection to {@code address}; pooled under {@code port} unless {@link Line#BARE} (the
     * engine's server: the caller adds the codec after what it writes first).
     */
    void connect(
        int port,
        SocketAddress address,
        Line kind,
        Consumer<Upstream> done,
        Consumer<Throwable> failed) {
      Upstream[] made = new Upstream[1];
      ChannelFuture f =
          new Bootstrap()
              .group(loop)
              .channelFactory(vertx.transport().channelFactory(false))
              .option(ChannelOption.TCP_NODELAY, true)
              .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, CONNECT_TIMEOUT_MILLIS)
              .handler(
                  new ChannelInitializer<>() {
                    @Override
                    protected void initChannel(Channel ch) {
                      made[0] =
                          new Upstream(
                              ch, port, kind == Line.BARE ? null : Loop.this, kind == Line.RAW);
                      if (kind == Line.HTTP) {
                        ch.pipeline().addLast(FrontConnection.CODEC, codec());
                      }
                      ch.pipeline().addLast(made[0]);
                    }
                  })
              .connect(address);
      f.addListener(
          r -> {
            if (r.isSuccess()) {
              done.accept(made[0]);
            } else {
              failed.accept(r.cause());
            }
          });
    }

    /** Keeps {@code u} for the next request to its port, or closes it when enough are idle. */
    void release(Upstream u) {
      u.serve(null);
      if (!u.channel.isActive()) {
        return;
      }
      if (!u.channel.config().isAutoRead()) {
        u.channel.config().setAutoRead(true);
      }
      IntObjectHashMap<ArrayDeque<Upstream>> pool = u.raw ? rawIdle : idle;
      ArrayDeque<Upstream> q = pool.get(u.port);
      if (q == null) {
        q = new ArrayDeque<>();
        pool.put(u.port, q);
      }
      if (q.size() >= MAX_IDLE) {
        u.channel.close();
        return;
      }
      u.idleSince = System.nanoTime();
      q.addLast(u);
    }

    /** An idle connection closed (the function went away or closed it). */
    void forget(Upstream u) {
      ArrayDeque<Upstream> q = (u.raw ? rawIdle : idle).get(u.port);
      if (q != null) {
        q.remove(u);
      }
    }
  }

  /** What a new connection carries. */
  enum Line {
    /** HTTP through Netty's codec, pooled. */
    HTTP,
    /** Bytes, for the raw path, pooled apart. */
    RAW,
    /** Bytes first, not pooled (the engine's server; the caller adds the codec). */
    BARE
  }

  static HttpClientCodec codec() {
    return new HttpClientCodec(FrontServer.DECODER, false, false);
  }
}
