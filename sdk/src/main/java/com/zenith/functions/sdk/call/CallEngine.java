package com.zenith.functions.sdk.call;

import com.zenith.functions.sdk.ZenithConfig;
import com.zenith.functions.sdk.trace.SpanAttributes;
import com.zenith.functions.sdk.trace.TraceContext;
import com.zenith.functions.sdk.trace.TraceSpan;
import com.zenith.functions.sdk.trace.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

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
  public static final Set<Integer> RETRYABLE_STATUS = Retries.RETRYABLE_STATUS;

  /** The header that makes retried POSTs safe: the same value on every attempt. */
  public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

  private static final Set<String> UNSAFE = Set.of("POST", "PUT", "PATCH", "DELETE");

  private final HttpClient http;
  private final Tracing tracing;
  private final Retries retries;
  private final Breakers breakers;

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
    this.retries = new Retries(backoff, sleeper);
    this.breakers = new Breakers(config, clock);
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
    CircuitBreaker breaker = breakers.of(call.target());
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
    HttpRequest request = CallRequest.of(call, span.context());
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
        Breakers.transportError(breaker, System.nanoTime() - start, e);
        if (Retries.allowAnother(call, attempt)) {
          retries.pause(
              call, span, attempt, retries.delay(attempt), e.getClass().getSimpleName(), e);
          continue;
        }
        throw CallException.of(call, -1, attempt, CallException.describe(e), null, e);
      } catch (InterruptedException e) {
        breaker.releasePermission();
        Thread.currentThread().interrupt();
        throw CallException.of(call, -1, attempt, "interrupted", null, e);
      }
      int status = response.statusCode();
      Breakers.response(breaker, System.nanoTime() - start, status);
      if (status < 400) {
        return new Result(status, response.headers(), response.body(), attempt);
      }
      String body = CallException.snippet(response.body());
      if (Retries.retryable(call, attempt, status)) {
        retries.pause(
            call, span, attempt, retries.delay(attempt, response), "HTTP " + status, null);
        continue;
      }
      throw CallException.of(call, status, attempt, null, body, null);
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
    return breakers.of(target).getState();
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
}
