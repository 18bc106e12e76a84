package com.zenith.functions.local.gateway;

import com.zenith.functions.local.gateway.dapr.DaprGrpcServer;
import com.zenith.functions.local.traces.HopObserver;
import io.netty.channel.EventLoop;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.internal.ContextInternal;
import io.vertx.core.internal.VertxInternal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local gateway: one loopback port where every function is reachable by its cluster name (Host
 * header or forward-proxy request), plus one loopback port per calling function so that the access
 * log can name the caller. Built on Vert.x event loops, so a call chain A -> B -> C through the
 * gateway can never deadlock on a thread pool.
 */
public final class Gateway implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Gateway.class);
  private static final int EVENT_LOOPS =
      Integer.getInteger(
          "zenith.gateway.eventLoops", Math.max(2, Runtime.getRuntime().availableProcessors()));
  private final Vertx vertx;
  private final RouteTable routes;
  private final AccessLog accessLog;
  private final ControlApi control;
  private final String bindHost;
  private final HopObserver hops;
  private final List<HttpServer> servers = new ArrayList<>();
  private final DaprGrpcServer daprGrpc;
  private final AtomicInteger nextLoop = new AtomicInteger();
  private final Upstreams upstreams;

  /**
   * How long a client may send nothing while the gateway waits for it: idle between two requests,
   * or in the middle of a request's head or body (nginx's client_header_timeout and
   * client_body_timeout are 60 s too); then the connection closes.
   */
  private final long clientTimeoutMillis =
      Long.getLong("zenith.gateway.clientTimeoutMillis", 60_000L);

  private final Map<Integer, Front> fronts = new HashMap<>();

  /** A public port and the engine's server behind it. */
  private record Front(FrontServer server, int internalPort) {}

  /** A gateway over the given routes, listening on {@code bindHost} (loopback by default). */
  public Gateway(RouteTable routes, AccessLog accessLog, ControlApi control, String bindHost) {
    this(routes, accessLog, control, bindHost, HopObserver.NONE);
  }

  /** A gateway whose forwarded requests {@code hops} sees (spans, the call graph). */
  public Gateway(
      RouteTable routes,
      AccessLog accessLog,
      ControlApi control,
      String bindHost,
      HopObserver hops) {
    this.vertx =
        Vertx.vertx(
            new VertxOptions()
                .setEventLoopPoolSize(EVENT_LOOPS)
                // epoll on Linux (netty-transport-native-epoll); NIO elsewhere or if it won't load.
                .setPreferNativeTransport(true));
    if (!vertx.isNativeTransportEnabled()) {
      Throwable why = vertx.unavailableNativeTransportCause();
      LOG.debug(
          "gateway: NIO transport ({})", why == null ? "no native transport" : why.toString());
    }
    this.routes = routes;
    this.accessLog = accessLog;
    this.control = control;
    this.bindHost = bindHost;
    this.hops = hops;
    this.daprGrpc = new DaprGrpcServer(vertx, routes, accessLog, bindHost, hops);
    this.upstreams = new Upstreams((VertxInternal) vertx);
    DashboardAssets.preload(); // read from the jar here, not on an event loop
  }

  /**
   * Listens on the main port: the Netty front ({@link FrontServer}) there, and behind it, on a
   * loopback port, the engine's Vert.x server with one instance per event loop (Vert.x balances
   * connections among them).
   *
   * @return the port actually bound
   */
  public int listen(int port) {
    // Vert.x shares a port among servers that ask for the same number, so resolve 0 first.
    int internal = freePort();
    for (int i = 0; i < EVENT_LOOPS; i++) {
      listenOnNewContext(internal, null, null);
    }
    return front(null, null, port, internal);
  }

  /** Opens a port for one calling function; requests arriving there are logged with its name. */
  public int listenForCaller(String caller, String callerNamespace) {
    return front(caller, callerNamespace, 0, listenOnNewContext(0, caller, callerNamespace));
  }

  private int front(String caller, String callerNamespace, int port, int internalPort) {
    FrontServer front =
        FrontServer.bind(
            (VertxInternal) vertx,
            upstreams,
            routes,
            control,
            accessLog,
            hops,
            caller,
            callerNamespace,
            bindHost,
            port,
            internalPort,
            clientTimeoutMillis);
    synchronized (servers) {
      fronts.put(front.port(), new Front(front, internalPort));
    }
    return front.port();
  }

  /**
   * Opens the Dapr gRPC API port ({@code DAPR_GRPC_PORT}) for one calling function.
   *
   * @return the port bound
   */
  public int listenDaprGrpc(String caller, String callerNamespace) {
    return daprGrpc.listen(caller, callerNamespace);
  }

  /** Closes a function's Dapr gRPC port (the Function was deleted). */
  public void closeDaprGrpc(int port) {
    daprGrpc.close(port);
  }

  private int listenOnNewContext(int port, String caller, String callerNamespace) {
    Promise<HttpServer> promise = Promise.promise();
    nextEventLoopContext()
        .runOnContext(
            v -> {
              ProxyHandler handler =
                  new ProxyHandler(
                      vertx, routes, accessLog, control, caller, callerNamespace, hops);
              HttpServer server =
                  vertx.createHttpServer(
                      new HttpServerOptions()
                          // Behind the Netty front (FrontServer), on loopback whatever --bind
                          // says; the PROXY protocol header carries the client's address.
                          .setHost("127.0.0.1")
                          .setPort(port)
                          .setUseProxyProtocol(true)
                          // No idle timeout: a request may wait up to its function's timeout
                          // (3600 s at most) with no byte either way; clients close idle
                          // connections.
                          .setIdleTimeout(0)
                          // HTTP/1.1 only: functions speak it, and h2c upgrades would cap a
                          // client at 100 concurrent streams on one connection.
                          .setHttp2ClearTextEnabled(false)
                          .setTcpNoDelay(true));
              server.requestHandler(handler::handle).listen().onComplete(promise);
            });
    HttpServer server = await(promise.future());
    synchronized (servers) {
      servers.add(server);
    }
    return server.actualPort();
  }

  /**
   * A context on the next event loop in turn. Vert.x's own choices do not spread servers: contexts
   * made from one outside thread share a sticky event loop, and a shared server's listen takes an
   * event loop from the same rotation, so two servers would land on one loop of two.
   */
  private ContextInternal nextEventLoopContext() {
    VertxInternal internal = (VertxInternal) vertx;
    List<EventLoop> loops = new ArrayList<>();
    internal.nettyEventLoopGroup().forEach(e -> loops.add((EventLoop) e));
    EventLoop loop = loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size()));
    return internal.contextBuilder().withEventLoop(loop).build();
  }

  private int freePort() {
    try (java.net.ServerSocket s = new java.net.ServerSocket()) {
      s.bind(new java.net.InetSocketAddress(bindHost, 0));
      return s.getLocalPort();
    } catch (java.io.IOException e) {
      throw new IllegalStateException("gateway: no free port on " + bindHost, e);
    }
  }

  private static <T> T await(Future<T> f) {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (java.util.concurrent.ExecutionException e) {
      throw new IllegalStateException("gateway: " + e.getCause().getMessage(), e.getCause());
    } catch (Exception e) {
      throw new IllegalStateException("gateway: " + e.getMessage(), e);
    }
  }

  /** Closes the port opened for a calling function (the Function was deleted). */
  public void closeCaller(int port) {
    HttpServer found = null;
    Front front;
    synchronized (servers) {
      front = fronts.remove(port);
      for (HttpServer s : servers) {
        if (front != null && s.actualPort() == front.internalPort()) {
          found = s;
        }
      }
      servers.remove(found);
    }
    if (front != null) {
      front.server().close();
    }
    if (found != null) {
      found.close();
    }
  }

  /** True when the event loops run on the native transport (epoll) rather than NIO. */
  public boolean nativeTransport() {
    return vertx.isNativeTransportEnabled();
  }

  /** The route table this gateway serves. */
  public RouteTable routes() {
    return routes;
  }

  @Override
  public void close() {
    List<Front> open;
    synchronized (servers) {
      open = new ArrayList<>(fronts.values());
      fronts.clear();
    }
    open.forEach(f -> f.server().close());
    daprGrpc.close();
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // closing on the way out: nothing more to do
    }
  }
}
