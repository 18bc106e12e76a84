package com.zenith.functions.sdk;

import com.zenith.functions.sdk.call.Backoff;
import com.zenith.functions.sdk.call.CallEngine;
import com.zenith.functions.sdk.call.FireAndForgetStats;
import com.zenith.functions.sdk.call.FunctionClient;
import com.zenith.functions.sdk.call.Sleeper;
import com.zenith.functions.sdk.dapr.Dapr;
import com.zenith.functions.sdk.discovery.EnvProxySelector;
import com.zenith.functions.sdk.discovery.ServiceDiscovery;
import com.zenith.functions.sdk.events.EventPublisher;
import com.zenith.functions.sdk.host.FunctionHost;
import com.zenith.functions.sdk.trace.Tracing;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;

/**
 * One SDK instance: configuration, an HTTP client, circuit breakers and the fire-and-forget queue.
 * Most code uses the process-wide instance through {@link Functions}; tests and embedders build
 * their own with {@link #builder()}.
 */
public final class Zenith implements AutoCloseable {
  private final ZenithConfig config;
  private final ServiceDiscovery discovery;
  private final CallEngine engine;
  private final EventPublisher events;
  private final Tracing tracing;
  private final boolean ownsTracing;

  private Zenith(Builder b) {
    this.config = ZenithConfig.fromEnv(b.env);
    this.ownsTracing = b.tracing == null;
    this.tracing = ownsTracing ? Tracing.detect(config.env()) : b.tracing;
    this.discovery = new ServiceDiscovery(config.env(), config.namespace(), config.clusterDomain());
    HttpClient http =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(config.connectTimeout())
            .proxy(new EnvProxySelector(config.env(), b.systemProperties))
            .followRedirects(HttpClient.Redirect.NEVER)
            .build();
    Backoff backoff =
        b.backoff != null
            ? b.backoff
            : new Backoff(
                config.backoffInitial(),
                config.backoffMax(),
                config.backoffMultiplier(),
                config.backoffJitter());
    this.engine = new CallEngine(config, http, b.sleeper, b.clock, backoff, tracing);
    URI sink =
        config.eventSink() != null
            ? URI.create(config.eventSink())
            : EventPublisher.brokerIngress(config.namespace(), config.broker());
    this.events =
        new EventPublisher(
            engine,
            sink,
            config.eventSource(),
            config.structuredEvents(),
            config.callTimeout(),
            config.retries());
  }

  /** An instance configured from this process's environment. */
  public static Zenith fromEnv() {
    return builder().build();
  }

  /** A builder starting from this process's environment and system properties. */
  public static Builder builder() {
    return new Builder();
  }

  /** The settings in use. */
  public ZenithConfig config() {
    return config;
  }

  /** How function names become URLs. */
  public ServiceDiscovery discovery() {
    return discovery;
  }

  /** A client for a function, found by name ({@code <NAME>_URL} or the cluster URL). */
  public FunctionClient call(String function) {
    return callUrl(function, discovery.resolve(function));
  }

  /** A client for any base URL, {@code name} naming its breaker and errors. */
  public FunctionClient callUrl(String name, URI baseUrl) {
    return new FunctionClient(
        engine, name, baseUrl, config.callTimeout(), config.retries(), Map.of());
  }

  /**
   * A client for a Dapr app through the sidecar's HTTP API; paths are method names: {@code
   * dapr("balance-manager").post("/update", req, UpdateResponse.class)}.
   */
  public FunctionClient dapr(String appId) {
    FunctionClient c = callUrl("dapr:" + appId, Dapr.invokeBase(config.daprHttpPort(), appId));
    return config.daprApiToken() == null
        ? c
        : c.header(Dapr.API_TOKEN_HEADER, config.daprApiToken());
  }

  /** The event publisher (sink from {@code K_SINK} or the broker ingress). */
  public EventPublisher events() {
    return events;
  }

  /** A new function host on {@code PORT}; its shutdown drains this instance's queue. */
  public FunctionHost host() {
    return new FunctionHost(config, engine);
  }

  /** Fire-and-forget counters: accepted, succeeded, failed, dropped, pending. */
  public FireAndForgetStats fireAndForgetStats() {
    return engine.stats();
  }

  /** The circuit breaker state of a target ({@code dapr:<app-id>} for Dapr targets). */
  public CircuitBreaker.State breakerState(String target) {
    return engine.breakerState(target);
  }

  /** Waits for pending fire-and-forget sends, at most {@code timeout}; true when none is left. */
  public boolean drain(Duration timeout) {
    return engine.drain(timeout);
  }

  /** The engine under the clients, for raw use. */
  public CallEngine engine() {
    return engine;
  }

  /** Where this instance's spans go ({@link Tracing#none()} without OpenTelemetry). */
  public Tracing tracing() {
    return tracing;
  }

  /**
   * Stops the fire-and-forget senders, closes the HTTP client, and shuts down the span exporter
   * this instance set up (not one given to the builder).
   */
  @Override
  public void close() {
    engine.close();
    if (ownsTracing) {
      tracing.close();
    }
  }

  /** Builds a {@link Zenith}; every setting comes from the environment map. */
  public static final class Builder {
    private Map<String, String> env = System.getenv();
    private Properties systemProperties = System.getProperties();
    private Sleeper sleeper = Sleeper.SYSTEM;
    private Clock clock = Clock.systemUTC();
    private Backoff backoff;
    private Tracing tracing;

    private Builder() {}

    /**
     * Where spans go instead of the detected default (OpenTelemetry when on the class path); e.g.
     * {@code OtelTracing.of(openTelemetry)} in tests. The caller closes it.
     */
    public Builder tracing(Tracing tracing) {
      this.tracing = Objects.requireNonNull(tracing);
      return this;
    }

    /** The environment to read instead of the process's. */
    public Builder env(Map<String, String> env) {
      this.env = Objects.requireNonNull(env);
      return this;
    }

    /** System properties for {@code http.proxyHost} and friends. */
    public Builder systemProperties(Properties properties) {
      this.systemProperties = Objects.requireNonNull(properties);
      return this;
    }

    /** How to wait between retries (tests record instead of sleeping). */
    public Builder sleeper(Sleeper sleeper) {
      this.sleeper = Objects.requireNonNull(sleeper);
      return this;
    }

    /** The circuit breakers' clock. */
    public Builder clock(Clock clock) {
      this.clock = Objects.requireNonNull(clock);
      return this;
    }

    /** A backoff instead of the one from the {@code ZENITH_RETRY_*} settings. */
    public Builder backoff(Backoff backoff) {
      this.backoff = backoff;
      return this;
    }

    /**
     * The instance.
     *
     * @throws IllegalArgumentException naming a variable whose value is not valid
     */
    public Zenith build() {
      return new Zenith(this);
    }
  }
}
