package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.vertx.core.internal.VertxInternal;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;

/**
 * One gateway port, served on bare Netty (on the gateway's own Vert.x event loops): a request for a
 * running function is forwarded straight to it by {@link ForwardExchange}, an event for the broker
 * is taken by {@link IngressExchange}; every other request (the engine's API and dashboard, the
 * Dapr API, functions that are down or starting, CONNECT) is relayed to the engine's own Vert.x
 * server behind it on a loopback port, which answers it as before. The hot paths thus skip Vert.x's
 * HTTP server and client, where most of a request's cost was.
 */
final class FrontServer implements AutoCloseable {
  /** Request and response heads as Vert.x's defaults bound them. */
  static final HttpDecoderConfig DECODER =
      new HttpDecoderConfig()
          .setMaxInitialLineLength(4096)
          .setMaxHeaderSize(8192)
          .setMaxChunkSize(65536)
          .setHeadersFactory(DefaultHttpHeadersFactory.headersFactory());

  final RouteTable routes;
  final ControlApi control;
  final Replies replies;
  final HopObserver hops;

  /** Where requests come from for {@link #hops}: {@code external} or {@code ns/name}. */
  final String hopCaller;

  final String callerNamespace;
  final boolean functionCaller;
  final InetSocketAddress internal;
  final Upstreams upstreams;

  /** How long a client may send nothing while the gateway waits for it (0: no limit). */
  final long clientTimeoutMillis;

  private final ChannelGroup connections =
      new DefaultChannelGroup("zenith-gateway", GlobalEventExecutor.INSTANCE);
  private Channel listener;

  private FrontServer(
      RouteTable routes,
      ControlApi control,
      Replies replies,
      HopObserver hops,
      String caller,
      String callerNamespace,
      int internalPort,
      Upstreams upstreams,
      long clientTimeoutMillis) {
    this.routes = routes;
    this.control = control;
    this.replies = replies;
    this.hops = hops;
    this.functionCaller = caller != null;
    this.hopCaller = caller == null ? "external" : callerNamespace + "/" + caller;
    this.callerNamespace = callerNamespace;
    this.internal = new InetSocketAddress("127.0.0.1", internalPort);
    this.upstreams = upstreams;
    this.clientTimeoutMillis = clientTimeoutMillis;
  }

  /**
   * Listens on {@code host:port} (0: a free port) in front of the engine's server on {@code
   * internalPort}; {@code caller} names the function this port is for (null: the main port).
   */
  static FrontServer bind(
      VertxInternal vertx,
      Upstreams upstreams,
      RouteTable routes,
      ControlApi control,
      AccessLog accessLog,
      HopObserver hops,
      String caller,
      String callerNamespace,
      String host,
      int port,
      int internalPort,
      long clientTimeoutMillis) {
    FrontServer server =
        new FrontServer(
            routes,
            control,
            new Replies(accessLog, caller),
            hops,
            caller,
            callerNamespace,
            internalPort,
            upstreams,
            clientTimeoutMillis);
    ServerBootstrap b =
        new ServerBootstrap()
            .group(vertx.acceptorEventLoopGroup(), vertx.nettyEventLoopGroup())
            .channelFactory(vertx.transport().serverChannelFactory(false))
            .option(ChannelOption.SO_BACKLOG, 1024)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(
                new ChannelInitializer<>() {
                  @Override
                  protected void initChannel(Channel ch) {
                    server.connections.add(ch);
                    if (server.clientTimeoutMillis > 0) {
                      // Raw reads, before the codec: a head that never ends counts as silence.
                      ch.pipeline()
                          .addLast(ClientClock.NAME, new ClientClock(server.clientTimeoutMillis));
                    }
                    FrontConnection conn = new FrontConnection(server);
                    if (RawFront.ENABLED) {
                      ch.pipeline().addLast(RawFront.NAME, new RawFront(conn));
                    }
                    ch.pipeline()
                        .addLast(FrontConnection.CODEC, new HttpServerCodec(DECODER))
                        .addLast(conn);
                  }
                });
    ChannelFuture bound = b.bind(host, port);
    if (!bound.awaitUninterruptibly(10, TimeUnit.SECONDS) || !bound.isSuccess()) {
      Throwable why = bound.cause();
      throw new IllegalStateException(
          "cannot listen on " + host + ":" + port + (why == null ? "" : ": " + why.getMessage()),
          why);
    }
    server.listener = bound.channel();
    return server;
  }

  /** The port bound. */
  int port() {
    return ((InetSocketAddress) listener.localAddress()).getPort();
  }

  /** Stops listening and closes the connections open on this port. */
  @Override
  public void close() {
    if (listener != null) {
      listener.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
    connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
  }
}
