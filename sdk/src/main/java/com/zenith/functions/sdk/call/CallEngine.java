package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.ZenithConfig;
import com.zenith.functions.sdk.trace.SpanAttributes;
import com.zenith.functions.sdk.trace.TraceContext;
import com.zenith.functions.sdk.trace.TraceSpan;
import com.zenith.functions.sdk.trace.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Runs calls: per-attempt timeout, retries with exponential backoff, one {@code Idempotency-Key}
 * reused by every attempt, a resilience4j circuit breaker per target, trace headers, and the
 * bounded fire-and-forget queue drained by virtual threads. {@link FunctionClient} is the friendly
 * face; use this class directly only for raw exchanges.
 *
 * <p>Retried: transport errors (connection refused or reset, timeouts) and HTTP 408, 429, 502, 503,
 * 504. Not retried: any other status. The breaker counts transport errors and 5xx as failures.
 */
public final class CallEngine implements AutoCloseable {
  /** Statuses worth another attempt. */
  public static final Set<Integer> RETRYABLE_STATUS = Set.of(408, 429, 502, 503, 504);

  /** The header that makes retried POSTs safe: the same value on every attempt. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.call");
  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final HttpClient http;
  private final Tracing tracing;
  private final Backoff backoff;
  private final Sleeper sleeper;
  private final CircuitBreakerConfig breakerConfig;
  private final Map<String, CircuitBreaker> breakers = new ConcurrentHashMap<>();

  private final FireAndForget fireAndForget;

  /** An engine that records no spans; see the other constructor. */
  public CallEngine(
      ZenithConfig config, HttpClient http, Sleeper sleeper, Clock clock, Backoff backoff) {
    this(config, http, sleeper, clock, backoff, Tracing.none());
  }

  /**
   * @param config timeouts, retry, breaker and queue settings
   * @param http the client (its proxy selector decides how cluster URLs are reached)
   * @param sleeper waits between attempts
   * @param clock the breakers' clock (open to half-open timing)
   * @param backoff delays between attempts
   * @param tracing records a client span per call and supplies the headers it propagates
   */
  public CallEngine(
      ZenithConfig config,
      HttpClient http,
      Sleeper sleeper,
      Clock clock,
      Backoff backoff,
      Tracing tracing) {
    this(
        config,
        http,
        sleeper,
        clock,
        backoff,
        tracing,
        new ArrayBlockingQueue<>(config.asyncQueue()));
  }

  /** With the fire-and-forget queue given (tests watch it). */
  CallEngine(
      ZenithConfig config,
      HttpClient http,
      Sleeper sleeper,
      Clock clock,
      Backoff backoff,
      Tracing tracing,
      BlockingQueue<Call> queue) {
    this.http = http;
    this.tracing = tracing;
    this.sleeper = sleeper;
    this.backoff = backoff;
    this.breakerConfig =
        CircuitBreakerConfig.custom()
            .failureRateThreshold(config.breakerFailureRate())
            .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
            .slidingWindowSize(config.breakerWindow())
            .minimumNumberOfCalls(Math.min(config.breakerMinCalls(), config.breakerWindow()))
            .waitDurationInOpenState(config.breakerOpen())
            .permittedNumberOfCallsInHalfOpenState(config.breakerHalfOpenCalls())
            .clock(clock)
            .build();
    this.fireAndForget = new FireAndForget(queue, config.asyncWorkers(), this::execute);
  }

  /**
   * One call to run.
   *
   * @param target the function name (names the breaker and error messages)
   * @param method HTTP method
   * @param uri full URL
   * @param body request body, or null
   * @param contentType body type, or null
   * @param headers extra headers (an {@code Idempotency-Key} here is used as given)
   * @param timeout per attempt
   * @param retries attempts after the first
   * @param trace the context the call was made in (its client span's parent), or null
   */
  public record Call(
      String target,
      String method,
      URI uri,
      byte[] body,
      String contentType,
      Map<String, String> headers,
      Duration timeout,
      int retries,
      TraceContext trace) {
    /** Adds an {@code Idempotency-Key} to unsafe methods that have none, once for all attempts. */
    public Call {
      headers = new LinkedHashMap<>(headers);
      if (UNSAFE.contains(method)
          && headers.keySet().stream().noneMatch(IDEMPOTENCY_KEY::equalsIgnoreCase)) {
        headers.put(IDEMPOTENCY_KEY, UUID.randomUUID().toString());
      }
      headers = Map.copyOf(headers);
    }
  }

  /**
   * A response with a status the caller accepted (below 400).
   *
   * @param status HTTP status
   * @param headers response headers
   * @param body response body (empty, never null)
   * @param attempts attempts it took
   */
  public record Result(int status, HttpHeaders headers, byte[] body, int attempts) {}

  /**
   * Runs a call with retries and the target's breaker.
   *
   * @throws CircuitOpenException when the breaker refuses an attempt
   * @throws CallException when the last attempt failed or returned a status >= 400
   */
  public Result execute(Call call) {
    CircuitBreaker breaker = breaker(call.target());
    TraceSpan span = tracing.client(call.target(), call.method(), call.uri(), call.trace());
    int[] attempts = {0};
    try (var scope = span.makeCurrent()) {
      Result result = attempt(call, breaker, span, attempts);
      span.status(result.status());
      return result;
    } catch (CallException e) {
      span.status(e.status());
      if (e.status() < 0) {
        span.error(e);
      }
      throw e;
    } finally {
      span.attribute(SpanAttributes.ATTEMPTS, attempts[0]);
      span.attribute(SpanAttributes.BREAKER_STATE, breaker.getState().name());
      span.end();
    }
  }

  private Result attempt(Call call, CircuitBreaker breaker, TraceSpan span, int[] attempts) {
    HttpRequest request = request(call, span.context());
    int attempt = 0;
    while (true) {
      attempt++;
      if (!breaker.tryAcquirePermission()) {
        throw new CircuitOpenException(call.target(), call.method(), call.uri(), attempt - 1);
      }
      attempts[0] = attempt;
      long start = System.nanoTime();
      HttpResponse<byte[]> response;
      try {
        response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
      } catch (IOException e) {
        breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
        if (attempt <= call.retries()) {
          pause(call, span, attempt, backoff.delay(attempt), e.getClass().getSimpleName(), e);
          continue;
        }
        throw failure(call, -1, attempt, describe(e), null, e);
      } catch (InterruptedException e) {
        breaker.releasePermission();
        Thread.currentThread().interrupt();
        throw failure(call, -1, attempt, "interrupted", null, e);
      }
      int status = response.statusCode();
      long took = System.nanoTime() - start;
      if (status >= 500) {
        breaker.onError(took, TimeUnit.NANOSECONDS, new IOException("HTTP " + status));
      } else {
        breaker.onSuccess(took, TimeUnit.NANOSECONDS);
      }
      if (status < 400) {
        return new Result(status, response.headers(), response.body(), attempt);
      }
      String body = snippet(response.body());
      if (RETRYABLE_STATUS.contains(status) && attempt <= call.retries()) {
        pause(call, span, attempt, delay(attempt, response), "HTTP " + status, null);
        continue;
      }
      throw failure(call, status, attempt, null, body, null);
    }
  }

  /** The tracing of this engine's calls. */
  public Tracing tracing() {
    return tracing;
  }

  /**
   * Queues a call for a virtual-thread sender; returns at once. Full queue: the call is dropped,
   * counted and logged, and this returns false.
   */
  public boolean submit(Call call) {
    return fireAndForget.submit(call);
  }

  /** The fire-and-forget counters. */
  public FireAndForgetStats stats() {
    return fireAndForget.stats();
  }

  /** The state of a target's breaker (CLOSED before its first call). */
  public CircuitBreaker.State breakerState(String target) {
    return breaker(target).getState();
  }

  /**
   * Waits until every accepted fire-and-forget send has finished, at most {@code timeout}.
   *
   * @return true when nothing is pending
   */
  public boolean drain(Duration timeout) {
    return fireAndForget.drain(timeout);
  }

  /** Stops the fire-and-forget senders (queued sends are abandoned) and the HTTP client. */
  @Override
  public void close() {
    fireAndForget.close();
    http.close();
  }

  private CircuitBreaker breaker(String target) {
    return breakers.computeIfAbsent(target, t -> CircuitBreaker.of(t, breakerConfig));
  }

  private static HttpRequest request(Call call, TraceContext trace) {
    var b = HttpRequest.newBuilder(call.uri()).timeout(call.timeout());
    b.method(
        call.method(),
        call.body() == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(call.body()));
    if (call.contentType() != null) {
      b.header("Content-Type", call.contentType());
    }
    call.headers().forEach(b::header);
    if (trace != null) {
      trace.writeTo(b::header);
    }
    return b.build();
  }

  private Duration delay(int attempt, HttpResponse<byte[]> response) {
    Duration d = backoff.delay(attempt);
    var retryAfter = response.headers().firstValue("Retry-After");
    if (retryAfter.isPresent()) {
      try {
        Duration asked = Duration.ofSeconds(Long.parseLong(retryAfter.get().trim()));
        Duration capped = asked.compareTo(backoff.max()) > 0 ? backoff.max() : asked;
        return capped.compareTo(d) > 0 ? capped : d;
      } catch (NumberFormatException ignored) {
        // an HTTP date: keep the backoff
      }
    }
    return d;
  }

  private void pause(
      Call call, TraceSpan span, int attempt, Duration delay, String reason, Exception cause) {
    span.event(
        SpanAttributes.RETRY_EVENT,
        Map.of(
            SpanAttributes.RETRY_ATTEMPT, attempt,
            SpanAttributes.RETRY_DELAY_MS, delay.toMillis(),
            SpanAttributes.RETRY_REASON, reason));
    LOG.log(
        Level.DEBUG,
        "retrying {0} {1} to {2} in {3} ms (attempt {4} failed{5})",
        call.method(),
        call.uri(),
        call.target(),
        delay.toMillis(),
        attempt,
        cause == null ? "" : ": " + describe(cause));
    try {
      sleeper.sleep(delay);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw failure(call, -1, attempt, "interrupted while waiting to retry", null, e);
    }
  }

  private static CallException failure(
      Call call, int status, int attempts, String detail, String body, Throwable cause) {
    return new CallException(
        call.target(), call.method(), call.uri(), status, attempts, detail, body, cause);
  }

  private static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " " + m);
  }

  private static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    String s = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8).strip();
    return s.length() > 512 ? s.substring(0, 512) + "..." : s;
  }
}
