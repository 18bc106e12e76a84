package com.zenith.functions.sdk.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.sdk.ZenithConfig;
import com.zenith.functions.sdk.call.CallEngine;
import com.zenith.functions.sdk.call.CallException;
import com.zenith.functions.sdk.call.CircuitOpenException;
import com.zenith.functions.sdk.host.Handlers.EventHandler;
import com.zenith.functions.sdk.host.Handlers.JsonHandler;
import com.zenith.functions.sdk.host.Handlers.RequestHandler;
import com.zenith.functions.sdk.trace.TraceContext;
import com.zenith.functions.sdk.trace.TraceSpan;
import com.zenith.functions.sdk.trace.Tracing;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A small HTTP host for a function: routes with JSON binding, a CloudEvent handler, {@code
 * /healthz}, one virtual thread per request, graceful shutdown on SIGTERM. Built on the JDK's
 * {@code com.sun.net.httpserver}.
 *
 * <pre>{@code
 * Functions.host()
 *     .post("/log", AuditRequest.class, req -> new AuditResponse("logged", Instant.now()))
 *     .run();
 * }</pre>
 *
 * <p>Listens on {@code PORT} (default 8080) at {@code ZENITH_BIND}/{@code HOST}, else all
 * interfaces in a cluster ({@code K_SERVICE} or {@code KUBERNETES_SERVICE_HOST} set), else
 * 127.0.0.1. Errors are JSON: {@code {"error": "...", "status": 400}}. A bad JSON body gives 400; a
 * failed downstream call ({@link CallException}) 502; an open breaker 503; any other exception 500
 * (logged, details not sent). Each request but {@code /healthz} is a server span ({@link Tracing}).
 */
public final class FunctionHost implements AutoCloseable {
  /** The health endpoint: 200 {@code {"status":"ok"}} while serving. */
  public static final String HEALTH_PATH = "/healthz";

  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.host");

  private final ZenithConfig config;
  private final CallEngine engine;
  private final Tracing tracing;
  private final Map<String, Map<String, RequestHandler>> routes = new ConcurrentHashMap<>();
  private EventRoute events;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile HttpServer server;
  private volatile ExecutorService executor;

  /**
   * @param config port, bind address, grace period, body limit
   * @param engine whose fire-and-forget queue is drained on shutdown and whose tracing records the
   *     spans; may be null (no drain, no spans)
   */
  public FunctionHost(ZenithConfig config, CallEngine engine) {
    this.config = config;
    this.engine = engine;
    this.tracing = engine != null ? engine.tracing() : Tracing.none();
  }

  /**
   * Answers POST {@code path} with the JSON body bound to {@code type} (400 if it does not bind).
   */
  public <I> FunctionHost post(String path, Class<I> type, JsonHandler<I> handler) {
    return route("POST", path, request -> handler.handle(request.body(type)));
  }

  /** Answers POST {@code path} with full access to the request. */
  public FunctionHost post(String path, RequestHandler handler) {
    return route("POST", path, handler);
  }

  /** Answers GET {@code path}. */
  public FunctionHost get(String path, RequestHandler handler) {
    return route("GET", path, handler);
  }

  /** Answers {@code method} on {@code path} (exact match). */
  public FunctionHost route(String method, String path, RequestHandler handler) {
    if (!path.startsWith("/") || path.equals(HEALTH_PATH)) {
      throw new IllegalArgumentException("route path must start with / and not be " + HEALTH_PATH);
    }
    var byMethod = routes.computeIfAbsent(path, p -> new ConcurrentHashMap<>());
    if (byMethod.putIfAbsent(method, handler) != null) {
      throw new IllegalStateException("route already defined: " + method + " " + path);
    }
    return this;
  }

  /**
   * Receives every CloudEvent POSTed to {@code /} (where a Knative Trigger delivers), in binary or
   * structured mode. Handlers registered for a type are tried first.
   */
  public FunctionHost onEvent(EventHandler handler) {
    eventRoute().add(null, handler);
    return this;
  }

  /** Receives CloudEvents of one {@code type}, their JSON data bound to {@code dataType}. */
  public <T> FunctionHost onEvent(String type, Class<T> dataType, JsonHandler<T> handler) {
    eventRoute().add(type, dataType, handler);
    return this;
  }

  private synchronized EventRoute eventRoute() {
    if (events == null) {
      events = new EventRoute(tracing);
      route("POST", "/", events);
    }
    return events;
  }

  /**
   * Starts listening; returns at once.
   *
   * @throws UncheckedIOException when the port cannot be bound
   */
  public synchronized FunctionHost start() {
    if (server != null) {
      return this;
    }
    tracing.hostStarted();
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(config.bindAddress(), config.port()), 0);
      s.createContext("/", this::handle);
      executor = Executors.newVirtualThreadPerTaskExecutor();
      s.setExecutor(executor);
      s.start();
      server = s;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot listen on " + config.bindAddress() + ":" + config.port(), e);
    }
    LOG.log(Level.INFO, "listening on http://{0}:{1,number,#}", config.bindAddress(), port());
    return this;
  }

  /**
   * Starts, stops gracefully on SIGTERM (or any JVM shutdown), and blocks until stopped: the last
   * line of a function's {@code main}.
   */
  public void run() {
    start();
    Thread hook = new Thread(this::stop, "zenith-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stop();
    }
  }

  /** The port listened on (useful with {@code PORT=0}). */
  public int port() {
    HttpServer s = server;
    if (s == null) {
      throw new IllegalStateException("not started");
    }
    return s.getAddress().getPort();
  }

  /**
   * Stops gracefully: closes the listener, lets requests in progress finish and drains the
   * fire-and-forget queue, within {@code ZENITH_SHUTDOWN_GRACE_MS} in all.
   */
  public void stop() {
    if (!stopping.compareAndSet(false, true)) {
      awaitStopped();
      return;
    }
    long deadline = System.nanoTime() + config.shutdownGrace().toNanos();
    try {
      HttpServer s = server;
      if (s != null) {
        int seconds = (int) Math.max(1, (config.shutdownGrace().toMillis() + 999) / 1000);
        s.stop(seconds);
        executor.shutdown();
        executor.awaitTermination(remaining(deadline).toMillis(), TimeUnit.MILLISECONDS);
      }
      if (engine != null && !engine.drain(remaining(deadline))) {
        LOG.log(
            Level.WARNING, "fire-and-forget sends still pending at shutdown: {0}", engine.stats());
      }
      // The last requests' spans, exported before the process exits (at least a second for it).
      Duration left = remaining(deadline);
      tracing.flush(left.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      stopped.countDown();
      LOG.log(Level.INFO, "stopped");
    }
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  private void awaitStopped() {
    try {
      stopped.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Duration remaining(long deadline) {
    return Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
  }

  private void handle(HttpExchange exchange) {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(HEALTH_PATH)) {
        boolean up = !stopping.get();
        ResponseWriter.write(
            exchange, Response.of(up ? 200 : 503, Map.of("status", up ? "ok" : "stopping")), path);
        return;
      }
      var byMethod = routes.get(path);
      TraceContext incoming = TraceContext.extract(exchange.getRequestHeaders()::getFirst);
      TraceSpan span = tracing.server(method, byMethod == null ? null : path, path, incoming);
      int status = 500;
      try (var scope = span.makeCurrent()) {
        status = dispatch(exchange, method, path, byMethod, span);
      } finally {
        span.status(status);
        span.end();
      }
    } catch (IOException e) {
      LOG.log(Level.DEBUG, "could not answer, the client went away: " + e);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not answer: " + e);
    }
  }

  /** Runs the route's handler and sends its result; returns the status sent. */
  private int dispatch(
      HttpExchange exchange,
      String method,
      String path,
      Map<String, RequestHandler> byMethod,
      TraceSpan span)
      throws IOException {
    if (byMethod == null) {
      return ResponseWriter.writeError(exchange, 404, "no route for " + path);
    }
    RequestHandler handler = byMethod.get(method);
    if (handler == null) {
      exchange.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
      return ResponseWriter.writeError(
          exchange, 405, "method " + method + " not allowed on " + path);
    }
    byte[] body = readBody(exchange);
    if (body == null) {
      return ResponseWriter.writeError(
          exchange, 413, "request body larger than " + config.maxBodyBytes() + " bytes");
    }
    var request =
        new Request(
            method,
            path,
            exchange.getRequestURI().getRawQuery(),
            exchange.getRequestHeaders(),
            body,
            span.context());
    Object result;
    try {
      result = handler.handle(request);
    } catch (HttpError e) {
      return ResponseWriter.writeError(exchange, e.status(), e.getMessage());
    } catch (CircuitOpenException e) {
      LOG.log(Level.WARNING, "{0} {1}: {2}", method, path, e.getMessage());
      span.error(e);
      return ResponseWriter.writeError(exchange, 503, e.getMessage());
    } catch (CallException e) {
      LOG.log(Level.WARNING, "{0} {1}: {2}", method, path, e.getMessage());
      span.error(e);
      return ResponseWriter.writeError(exchange, 502, e.getMessage());
    } catch (Exception e) {
      LOG.log(Level.ERROR, method + " " + path + " failed", e);
      span.error(e);
      return ResponseWriter.writeError(exchange, 500, "internal error");
    }
    if (result instanceof io.cloudevents.CloudEvent reply) {
      // A reply event continues the trace it answers, as a published one does.
      result = com.zenith.functions.sdk.trace.EventTrace.write(reply, span.context());
    }
    return ResponseWriter.write(exchange, result, method + " " + path);
  }

  /** The body, or null when it is larger than the limit. */
  private byte[] readBody(HttpExchange exchange) throws IOException {
    int limit = config.maxBodyBytes();
    String length = exchange.getRequestHeaders().getFirst("Content-Length");
    if (length != null) {
      try {
        if (Long.parseLong(length.trim()) > limit) {
          return null;
        }
      } catch (NumberFormatException ignored) {
        // the server rejects malformed lengths itself
      }
    }
    try (InputStream in = exchange.getRequestBody()) {
      byte[] bytes = in.readNBytes(limit + 1);
      return bytes.length > limit ? null : bytes;
    }
  }
}
