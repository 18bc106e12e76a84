package com.zenith.functions.sdk.host;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.ZenithConfig;
import com.zenith.functions.sdk.call.CallEngine;
import com.zenith.functions.sdk.call.CallException;
import com.zenith.functions.sdk.call.CircuitOpenException;
import com.zenith.functions.sdk.events.CloudEventsHttp;
import com.zenith.functions.sdk.host.Handlers.EventHandler;
import com.zenith.functions.sdk.host.Handlers.JsonHandler;
import com.zenith.functions.sdk.host.Handlers.RequestHandler;
import com.zenith.functions.sdk.trace.TraceContext;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
 * (logged, details not sent).
 */
public final class FunctionHost implements AutoCloseable {
  /** The health endpoint: 200 {@code {"status":"ok"}} while serving. */
  public static final String HEALTH_PATH = "/healthz";

  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.host");

  private final ZenithConfig config;
  private final CallEngine engine;
  private final Map<String, Map<String, RequestHandler>> routes = new ConcurrentHashMap<>();
  private final List<Map.Entry<String, EventHandler>> eventHandlers = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private volatile HttpServer server;
  private volatile ExecutorService executor;

  /**
   * @param config port, bind address, grace period, body limit
   * @param engine whose fire-and-forget queue is drained on shutdown; may be null
   */
  public FunctionHost(ZenithConfig config, CallEngine engine) {
    this.config = config;
    this.engine = engine;
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
    return addEventHandler(null, handler);
  }

  /** Receives CloudEvents of one {@code type}, their JSON data bound to {@code dataType}. */
  public <T> FunctionHost onEvent(String type, Class<T> dataType, JsonHandler<T> handler) {
    return addEventHandler(type, event -> handler.handle(eventData(event, dataType)));
  }

  private synchronized FunctionHost addEventHandler(String type, EventHandler handler) {
    if (eventHandlers.isEmpty()) {
      route("POST", "/", this::dispatchEvent);
    }
    eventHandlers.add(new java.util.AbstractMap.SimpleImmutableEntry<>(type, handler));
    return this;
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
    // JDK 17's HttpServer adds ~40 ms per response without it; must be set before the first server.
    if (System.getProperty("sun.net.httpserver.nodelay") == null) {
      System.setProperty("sun.net.httpserver.nodelay", "true");
    }
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

  @SuppressWarnings("try") // the trace scope is used for its side effect
  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String path = exchange.getRequestURI().getPath();
      String method = exchange.getRequestMethod();
      if (path.equals(HEALTH_PATH)) {
        boolean up = !stopping.get();
        write(exchange, Response.of(up ? 200 : 503, Map.of("status", up ? "ok" : "stopping")));
        return;
      }
      var byMethod = routes.get(path);
      if (byMethod == null) {
        writeError(exchange, 404, "no route for " + path);
        return;
      }
      RequestHandler handler = byMethod.get(method);
      if (handler == null) {
        exchange.getResponseHeaders().set("Allow", String.join(", ", byMethod.keySet()));
        writeError(exchange, 405, "method " + method + " not allowed on " + path);
        return;
      }
      byte[] body = readBody(exchange);
      if (body == null) {
        writeError(exchange, 413, "request body larger than " + config.maxBodyBytes() + " bytes");
        return;
      }
      TraceContext trace =
          TraceContext.fromHeaders(name -> exchange.getRequestHeaders().getFirst(name));
      var request =
          new Request(
              method,
              path,
              exchange.getRequestURI().getRawQuery(),
              exchange.getRequestHeaders(),
              body,
              trace);
      Object result;
      try (var scope = trace.makeCurrent()) {
        result = handler.handle(request);
      } catch (HttpError e) {
        writeError(exchange, e.status(), e.getMessage());
        return;
      } catch (CircuitOpenException e) {
        LOG.log(Level.WARNING, "{0} {1}: {2}", method, path, e.getMessage());
        writeError(exchange, 503, e.getMessage());
        return;
      } catch (CallException e) {
        LOG.log(Level.WARNING, "{0} {1}: {2}", method, path, e.getMessage());
        writeError(exchange, 502, e.getMessage());
        return;
      } catch (Exception e) {
        LOG.log(Level.ERROR, method + " " + path + " failed", e);
        writeError(exchange, 500, "internal error");
        return;
      }
      write(exchange, result);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.DEBUG, "could not answer: " + e);
    }
  }

  private Object dispatchEvent(Request request) throws Exception {
    CloudEvent event;
    try {
      event = CloudEventsHttp.read(request.headers(), request.body());
    } catch (IllegalArgumentException e) {
      throw new HttpError(400, e.getMessage(), e);
    }
    EventHandler catchAll = null;
    List<Map.Entry<String, EventHandler>> handlers;
    synchronized (this) {
      handlers = List.copyOf(eventHandlers);
    }
    for (var h : handlers) {
      if (h.getKey() == null) {
        catchAll = catchAll == null ? h.getValue() : catchAll;
      } else if (h.getKey().equals(event.getType())) {
        return eventResult(h.getValue().handle(event));
      }
    }
    if (catchAll == null) {
      LOG.log(Level.WARNING, "no handler for CloudEvent type {0}", event.getType());
      throw new HttpError(422, "no handler for CloudEvent type " + event.getType());
    }
    return eventResult(catchAll.handle(event));
  }

  private static Object eventResult(Object result) {
    return result == null ? Response.of(202, null) : result;
  }

  private static <T> T eventData(CloudEvent event, Class<T> type) {
    try {
      T data = CloudEventsHttp.data(event, type);
      if (data == null) {
        throw new HttpError(400, "CloudEvent " + event.getId() + " has no data");
      }
      return data;
    } catch (IOException e) {
      throw new HttpError(400, "CloudEvent data is not JSON for " + type.getSimpleName(), e);
    }
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

  private static void writeError(HttpExchange exchange, int status, String message)
      throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", message);
    body.put("status", status);
    write(exchange, Response.of(status, body));
  }

  private static void write(HttpExchange exchange, Object result) throws IOException {
    Response response =
        result instanceof Response r
            ? r
            : result == null ? Response.of(204, null) : Response.of(200, result);
    var headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    byte[] bytes;
    Object body = response.body();
    if (body instanceof CloudEvent event) {
      var m = CloudEventsHttp.toBinary(event);
      m.headers().forEach(headers::set);
      bytes = m.body();
    } else if (body == null) {
      bytes = new byte[0];
    } else if (body instanceof byte[] raw) {
      headers.putIfAbsent("Content-Type", List.of("application/octet-stream"));
      bytes = raw;
    } else if (body instanceof String text) {
      headers.putIfAbsent("Content-Type", List.of("text/plain; charset=utf-8"));
      bytes = text.getBytes(StandardCharsets.UTF_8);
    } else {
      headers.putIfAbsent("Content-Type", List.of("application/json"));
      bytes = Json.write(body);
    }
    int status = response.status();
    boolean noBody = bytes.length == 0 || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    if (!noBody) {
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
  }
}
