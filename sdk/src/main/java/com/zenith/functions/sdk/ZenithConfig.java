package com.zenith.functions.sdk;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Every SDK setting, read from environment variables so that both engines (the operator and {@code
 * zenith dev}) can set them. Build one with {@link #fromEnv(Map)}; tests pass a map.
 *
 * @param env the environment the settings were read from (also used for {@code <FN>_URL})
 * @param namespace {@code POD_NAMESPACE}, default {@code default}
 * @param clusterDomain {@code ZENITH_CLUSTER_DOMAIN}, default {@code cluster.local}
 * @param callTimeout {@code ZENITH_CALL_TIMEOUT_MS}, per attempt, default 10 000
 * @param connectTimeout {@code ZENITH_CONNECT_TIMEOUT_MS}, default 2 000
 * @param retries {@code ZENITH_CALL_RETRIES}, attempts after the first, default 2
 * @param backoffInitial {@code ZENITH_RETRY_BACKOFF_MS}, first delay, default 100
 * @param backoffMax {@code ZENITH_RETRY_BACKOFF_MAX_MS}, cap on a delay, default 2 000
 * @param backoffMultiplier {@code ZENITH_RETRY_BACKOFF_MULTIPLIER}, default 2.0
 * @param backoffJitter {@code ZENITH_RETRY_JITTER}, fraction 0..1 of random spread, default 0.2
 * @param breakerFailureRate {@code ZENITH_BREAKER_FAILURE_RATE}, percent, default 50
 * @param breakerWindow {@code ZENITH_BREAKER_WINDOW}, calls in the sliding window, default 10
 * @param breakerMinCalls {@code ZENITH_BREAKER_MIN_CALLS}, calls before it may open, default 5
 * @param breakerOpen {@code ZENITH_BREAKER_OPEN_MS}, time open before half-open, default 10 000
 * @param breakerHalfOpenCalls {@code ZENITH_BREAKER_HALF_OPEN_CALLS}, trial calls, default 3
 * @param asyncQueue {@code ZENITH_ASYNC_QUEUE}, fire-and-forget queue capacity, default 1 000
 * @param asyncWorkers {@code ZENITH_ASYNC_WORKERS}, fire-and-forget senders, default 16
 * @param eventSink {@code K_SINK}, else the broker ingress URL; null when not set
 * @param broker {@code ZENITH_BROKER}, broker name for the ingress URL, default {@code default}
 * @param eventSource {@code ZENITH_EVENT_SOURCE}, else {@code K_SERVICE}, else {@code
 *     zenith-function}
 * @param structuredEvents {@code ZENITH_EVENT_MODE=structured}; default binary
 * @param daprHttpPort {@code DAPR_HTTP_PORT}, default 3500
 * @param daprApiToken {@code DAPR_API_TOKEN}, sent as {@code dapr-api-token}; null when not set
 * @param port {@code PORT}, default 8080
 * @param bindAddress {@code ZENITH_BIND}, else {@code HOST}, else {@code 0.0.0.0} in a cluster
 *     ({@code K_SERVICE} or {@code KUBERNETES_SERVICE_HOST} set), else {@code 127.0.0.1}
 * @param shutdownGrace {@code ZENITH_SHUTDOWN_GRACE_MS}, default 10 000
 * @param maxBodyBytes {@code ZENITH_MAX_BODY_BYTES}, largest request body the host reads, default
 *     10 MiB
 */
public record ZenithConfig(
    Map<String, String> env,
    String namespace,
    String clusterDomain,
    Duration callTimeout,
    Duration connectTimeout,
    int retries,
    Duration backoffInitial,
    Duration backoffMax,
    double backoffMultiplier,
    double backoffJitter,
    int breakerFailureRate,
    int breakerWindow,
    int breakerMinCalls,
    Duration breakerOpen,
    int breakerHalfOpenCalls,
    int asyncQueue,
    int asyncWorkers,
    String eventSink,
    String broker,
    String eventSource,
    boolean structuredEvents,
    int daprHttpPort,
    String daprApiToken,
    int port,
    String bindAddress,
    Duration shutdownGrace,
    int maxBodyBytes) {

  /** Checks the values. */
  public ZenithConfig {
    env = Map.copyOf(env);
    Objects.requireNonNull(namespace, "namespace");
    if (retries < 0) {
      throw new IllegalArgumentException("ZENITH_CALL_RETRIES must be >= 0, got " + retries);
    }
    if (backoffJitter < 0 || backoffJitter > 1) {
      throw new IllegalArgumentException("ZENITH_RETRY_JITTER must be in 0..1");
    }
  }

  /** The settings without the environment map and the Dapr token (safe to log). */
  @Override
  public String toString() {
    return "ZenithConfig[namespace=%s, callTimeout=%s, retries=%d, breakerOpen=%s, asyncQueue=%d, sink=%s, port=%d, bind=%s]"
        .formatted(
            namespace, callTimeout, retries, breakerOpen, asyncQueue, eventSink, port, bindAddress);
  }

  /** Settings from this process's environment. */
  public static ZenithConfig fromEnv() {
    return fromEnv(System.getenv());
  }

  /**
   * Settings from the given environment.
   *
   * @throws IllegalArgumentException naming the variable when a value is not valid
   */
  public static ZenithConfig fromEnv(Map<String, String> env) {
    var e = new EnvReader(env);
    boolean inCluster =
        e.str("K_SERVICE", null) != null || e.str("KUBERNETES_SERVICE_HOST", null) != null;
    String bind = e.str("ZENITH_BIND", e.str("HOST", inCluster ? "0.0.0.0" : "127.0.0.1"));
    String mode = e.str("ZENITH_EVENT_MODE", "binary").toLowerCase(Locale.ROOT);
    if (!mode.equals("binary") && !mode.equals("structured")) {
      throw new IllegalArgumentException(
          "ZENITH_EVENT_MODE must be binary or structured, got " + mode);
    }
    return new ZenithConfig(
        env,
        e.str("POD_NAMESPACE", "default"),
        e.str("ZENITH_CLUSTER_DOMAIN", "cluster.local"),
        e.millis("ZENITH_CALL_TIMEOUT_MS", 10_000),
        e.millis("ZENITH_CONNECT_TIMEOUT_MS", 2_000),
        e.integer("ZENITH_CALL_RETRIES", 2, 0),
        e.millis("ZENITH_RETRY_BACKOFF_MS", 100),
        e.millis("ZENITH_RETRY_BACKOFF_MAX_MS", 2_000),
        e.decimal("ZENITH_RETRY_BACKOFF_MULTIPLIER", 2.0),
        e.decimal("ZENITH_RETRY_JITTER", 0.2),
        e.integer("ZENITH_BREAKER_FAILURE_RATE", 50, 1),
        e.integer("ZENITH_BREAKER_WINDOW", 10, 1),
        e.integer("ZENITH_BREAKER_MIN_CALLS", 5, 1),
        e.millis("ZENITH_BREAKER_OPEN_MS", 10_000),
        e.integer("ZENITH_BREAKER_HALF_OPEN_CALLS", 3, 1),
        e.integer("ZENITH_ASYNC_QUEUE", 1_000, 1),
        e.integer("ZENITH_ASYNC_WORKERS", 16, 1),
        e.str("K_SINK", null),
        e.str("ZENITH_BROKER", "default"),
        e.str("ZENITH_EVENT_SOURCE", e.str("K_SERVICE", "zenith-function")),
        mode.equals("structured"),
        e.integer("DAPR_HTTP_PORT", 3500, 1),
        e.str("DAPR_API_TOKEN", null),
        e.integer("PORT", 8080, 0),
        bind,
        e.millis("ZENITH_SHUTDOWN_GRACE_MS", 10_000),
        e.integer("ZENITH_MAX_BODY_BYTES", 10 * 1024 * 1024, 1));
  }

  /** Reads typed values; blank counts as unset. */
  private record EnvReader(Map<String, String> env) {
    String str(String name, String fallback) {
      String v = env.get(name);
      return v == null || v.isBlank() ? fallback : v.trim();
    }

    int integer(String name, int fallback, int min) {
      String v = str(name, null);
      if (v == null) {
        return fallback;
      }
      try {
        int n = Integer.parseInt(v);
        if (n < min) {
          throw new IllegalArgumentException(name + " must be >= " + min + ", got " + v);
        }
        return n;
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + " must be an integer, got '" + v + "'", ex);
      }
    }

    Duration millis(String name, int fallback) {
      return Duration.ofMillis(integer(name, fallback, 0));
    }

    double decimal(String name, double fallback) {
      String v = str(name, null);
      if (v == null) {
        return fallback;
      }
      try {
        return Double.parseDouble(v);
      } catch (NumberFormatException ex) {
        throw new IllegalArgumentException(name + " must be a number, got '" + v + "'", ex);
      }
    }
  }
}
