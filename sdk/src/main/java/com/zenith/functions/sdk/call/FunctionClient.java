package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.Json;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Calls one function with typed JSON. Immutable: {@link #timeout}, {@link #retries}, {@link
 * #header} and {@link #idempotencyKey} return a new client for per-call settings.
 *
 * <pre>{@code
 * UpdateResponse r = Functions.call("balance-manager")
 *     .timeout(Duration.ofSeconds(2))
 *     .post("/update", new UpdateRequest("ACC-001", 100.5), UpdateResponse.class);
 * }</pre>
 *
 * <p>Response types: a JSON-mapped class, {@code String} (raw text), {@code byte[]}, or {@code
 * Void}/null (body ignored). An empty body gives null.
 */
public final class FunctionClient {
  private final CallEngine engine;
  private final String target;
  private final String base;
  private final Duration timeout;
  private final int retries;
  private final Map<String, String> headers;

  /**
   * @param engine runs the calls
   * @param target the function's name (breaker key, error messages)
   * @param base the function's base URL
   * @param timeout per-attempt timeout
   * @param retries attempts after the first
   * @param headers headers sent on every call
   */
  public FunctionClient(
      CallEngine engine,
      String target,
      URI base,
      Duration timeout,
      int retries,
      Map<String, String> headers) {
    this.engine = engine;
    this.target = target;
    String b = base.toString();
    this.base = b.endsWith("/") ? b.substring(0, b.length() - 1) : b;
    this.timeout = timeout;
    this.retries = retries;
    this.headers = Map.copyOf(headers);
  }

  /** The function's name. */
  public String target() {
    return target;
  }

  /** The full URL of {@code path} on this function. */
  public URI url(String path) {
    if (path == null || path.isEmpty()) {
      return URI.create(base);
    }
    return URI.create(base + (path.startsWith("/") ? path : "/" + path));
  }

  /** A client with another per-attempt timeout. */
  public FunctionClient timeout(Duration perAttempt) {
    return new FunctionClient(engine, target, URI.create(base), perAttempt, retries, headers);
  }

  /** A client with another retry count (0: a single attempt). */
  public FunctionClient retries(int retriesAfterFirst) {
    if (retriesAfterFirst < 0) {
      throw new IllegalArgumentException("retries must be >= 0");
    }
    return new FunctionClient(
        engine, target, URI.create(base), timeout, retriesAfterFirst, headers);
  }

  /** A client that also sends {@code name: value}. */
  public FunctionClient header(String name, String value) {
    var h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new FunctionClient(engine, target, URI.create(base), timeout, retries, h);
  }

  /**
   * A client whose calls carry this {@code Idempotency-Key} (e.g. derived from the incoming
   * request's key, so that a retry of the whole chain stays idempotent). Without it, each call gets
   * a fresh random key, reused by that call's retries.
   */
  public FunctionClient idempotencyKey(String key) {
    return header(CallEngine.IDEMPOTENCY_KEY, key);
  }

  /** GET {@code path}, response as {@code responseType}. */
  public <T> T get(String path, Class<T> responseType) {
    return send("GET", path, null, responseType);
  }

  /** POST {@code body} as JSON to {@code path}, response as {@code responseType}. */
  public <T> T post(String path, Object body, Class<T> responseType) {
    return send("POST", path, body, responseType);
  }

  /** PUT {@code body} as JSON to {@code path}, response as {@code responseType}. */
  public <T> T put(String path, Object body, Class<T> responseType) {
    return send("PUT", path, body, responseType);
  }

  /** DELETE {@code path}, response as {@code responseType}. */
  public <T> T delete(String path, Class<T> responseType) {
    return send("DELETE", path, null, responseType);
  }

  /**
   * Any method; {@code body} (may be null) is sent as JSON, or as is when it is a {@code byte[]} or
   * {@code String}.
   *
   * @throws CallException when the call fails, with target, URL, status and attempts
   */
  public <T> T send(String method, String path, Object body, Class<T> responseType) {
    CallEngine.Call call = call(method, path, body);
    CallEngine.Result result = engine.execute(call);
    return decode(call, result, responseType);
  }

  /** Runs a call and returns the raw result (status, headers, bytes). */
  public CallEngine.Result exchange(String method, String path, Object body) {
    return engine.execute(call(method, path, body));
  }

  /**
   * POSTs {@code body} as JSON without waiting: the send runs on the SDK's bounded queue with the
   * usual retries and breaker. Failures and drops are logged and counted (see {@code
   * Zenith.fireAndForgetStats()}).
   *
   * @return false when the queue was full and the send was dropped
   */
  public boolean fireAndForget(String path, Object body) {
    return engine.submit(call("POST", path, body));
  }

  private CallEngine.Call call(String method, String path, Object body) {
    byte[] bytes;
    String contentType;
    if (body == null) {
      bytes = null;
      contentType = null;
    } else if (body instanceof byte[] raw) {
      bytes = raw;
      contentType = "application/octet-stream";
    } else if (body instanceof String s) {
      bytes = s.getBytes(StandardCharsets.UTF_8);
      contentType = "text/plain; charset=utf-8";
    } else {
      bytes = Json.write(body);
      contentType = "application/json";
    }
    var h = new LinkedHashMap<String, String>();
    h.put("Accept", "application/json");
    h.putAll(headers);
    return new CallEngine.Call(
        target,
        method,
        url(path),
        bytes,
        contentType,
        h,
        timeout,
        retries,
        engine.tracing().current());
  }

  @SuppressWarnings("unchecked")
  private <T> T decode(CallEngine.Call call, CallEngine.Result result, Class<T> type) {
    if (type == null || type == Void.class) {
      return null;
    }
    if (type == byte[].class) {
      return (T) result.body();
    }
    if (type == String.class) {
      return (T) new String(result.body(), StandardCharsets.UTF_8);
    }
    if (result.body().length == 0) {
      return null;
    }
    try {
      return Json.read(result.body(), type);
    } catch (IOException e) {
      throw new CallException(
          target,
          call.method(),
          call.uri(),
          result.status(),
          result.attempts(),
          "response is not JSON for "
              + type.getSimpleName()
              + ": "
              + e.getMessage().lines().findFirst().orElse(""),
          null,
          e);
    }
  }
}
