package com.zenith.functions.local.gateway.dapr;

import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.traces.HopObserver;
import io.dapr.v1.DaprGrpc;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Serves Dapr's gRPC API on one loopback port per calling function (its {@code DAPR_GRPC_PORT}), so
 * the port tells who calls. All ports share one small pair of event loops; the handlers never block
 * (the call to the function is asynchronous on Vert.x).
 */
public final class DaprGrpcServer implements AutoCloseable {
  private static final String SERVICE = DaprGrpc.SERVICE_NAME;
  private static final Set<String> SERVED =
      Set.of(SERVICE + "/InvokeService", SERVICE + "/GetMetadata");

  private final RouteTable routes;
  private final AccessLog accessLog;
  private final String bindHost;
  private final AppChannel channel;
  private final HopObserver hops;
  private final Map<Integer, Server> servers = new ConcurrentHashMap<>();
  private EventLoopGroup boss;
  private EventLoopGroup workers;

  /**
   * A server over {@code routes}, calling functions through {@code vertx}'s HTTP client; {@code
   * hops} sees every invocation forwarded, as it sees the gateway's HTTP ones.
   */
  public DaprGrpcServer(
      Vertx vertx, RouteTable routes, AccessLog accessLog, String bindHost, HopObserver hops) {
    this.routes = routes;
    this.hops = hops;
    this.accessLog = accessLog;
    this.bindHost = bindHost;
    this.channel = new AppChannel(vertx, routes);
  }

  /**
   * Opens a port for {@code caller} (null on behalf of no function).
   *
   * @return the port bound
   */
  public synchronized int listen(String caller, String callerNamespace) {
    if (boss == null) {
      boss = new NioEventLoopGroup(1);
      workers = new NioEventLoopGroup(1);
    }
    var service =
        new DaprGrpcService(
            routes, new DaprCaller(caller, callerNamespace), channel, accessLog, hops);
    Server server =
        NettyServerBuilder.forAddress(new InetSocketAddress(bindHost, 0))
            .channelType(NioServerSocketChannel.class)
            .bossEventLoopGroup(boss)
            .workerEventLoopGroup(workers)
            .directExecutor()
            .addService(ServerInterceptors.intercept(service, new ServedOnly()))
            .build();
    try {
      server.start();
    } catch (IOException e) {
      throw new IllegalStateException("dapr gRPC: cannot listen on " + bindHost + ": " + e, e);
    }
    servers.put(server.getPort(), server);
    return server.getPort();
  }

  /** Closes the port of a caller that is gone. */
  public void close(int port) {
    Server s = servers.remove(port);
    if (s != null) {
      s.shutdownNow();
    }
  }

  @Override
  public synchronized void close() {
    servers.values().forEach(Server::shutdownNow);
    for (Server s : servers.values()) {
      try {
        s.awaitTermination(2, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    servers.clear();
    channel.close();
    if (boss != null) {
      boss.shutdownGracefully(0, 1, TimeUnit.SECONDS);
      workers.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
  }

  /**
   * Refuses the methods not served with UNIMPLEMENTED and a message that says what is, and hands
   * the served ones the request metadata (forwarded to the function as headers).
   */
  private static final class ServedOnly implements ServerInterceptor {
    @Override
    public <Q, R> ServerCall.Listener<Q> interceptCall(
        ServerCall<Q, R> call, Metadata headers, ServerCallHandler<Q, R> next) {
      String method = call.getMethodDescriptor().getFullMethodName();
      if (!SERVED.contains(method)) {
        call.close(
            Status.UNIMPLEMENTED.withDescription(
                method + " is not served locally: " + DaprError.SERVED + "."),
            new Metadata());
        return new ServerCall.Listener<>() {};
      }
      Context ctx = Context.current().withValue(DaprGrpcService.HEADERS, headers);
      return Contexts.interceptCall(ctx, call, headers, next);
    }
  }
}
