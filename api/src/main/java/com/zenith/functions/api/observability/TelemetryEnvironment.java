package com.zenith.functions.api.observability;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenTelemetry variables a traced Function gets, the same in both engines (the operator puts
 * them on the Knative Service, {@code zenith dev} on the process), so that a trace looks the same
 * in a cluster and on one machine. Pure: the Function and the collector's address in, variables
 * out.
 */
public final class TelemetryEnvironment {
  /** Where spans are exported (OTLP over HTTP, the collector's base URL). */
  public static final String ENDPOINT = "OTEL_EXPORTER_OTLP_ENDPOINT";

  /** The OTLP transport; both engines' collectors take HTTP with protobuf bodies. */
  public static final String PROTOCOL = "OTEL_EXPORTER_OTLP_PROTOCOL";

  /** The service name spans carry: the Function's name. */
  public static final String SERVICE_NAME = "OTEL_SERVICE_NAME";

  /** The resource attributes spans carry besides the service name. */
  public static final String RESOURCE_ATTRIBUTES = "OTEL_RESOURCE_ATTRIBUTES";

  /** The value of {@link #PROTOCOL}. */
  public static final String HTTP_PROTOBUF = "http/protobuf";

  private TelemetryEnvironment() {}

  /** True when the spec turns tracing on ({@code observability.tracing.enabled: true}). */
  public static boolean enabled(Function fn) {
    TracingSpec t = tracing(fn);
    return t != null && Boolean.TRUE.equals(t.enabled());
  }

  /** The auto-instrumentation language asked with tracing enabled, or null. */
  public static InstrumentationLanguage autoInstrumentation(Function fn) {
    TracingSpec t = tracing(fn);
    return enabled(fn) && t.autoInstrumentation() != null
        ? t.autoInstrumentation().language()
        : null;
  }

  /**
   * The variables, in a stable order. The sampler follows the caller's decision (parent-based), so
   * a chain of functions keeps whole traces, and samples new traces at {@code samplingRate} when
   * the spec sets one; without a rate the SDK default (every trace) applies.
   *
   * @param fn the Function
   * @param endpoint the OTLP/HTTP base URL of the collector, e.g. {@code http://collector:4318}
   */
  public static Map<String, String> variables(Function fn, String endpoint) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put(ENDPOINT, endpoint);
    env.put(PROTOCOL, HTTP_PROTOBUF);
    env.put(SERVICE_NAME, fn.getMetadata().getName());
    env.put(RESOURCE_ATTRIBUTES, resourceAttributes(fn));
    env.put("OTEL_TRACES_EXPORTER", "otlp");
    TracingSpec t = tracing(fn);
    if (enabled(fn) && t.samplingRate() != null && !t.samplingRate().isEmpty()) {
      env.put("OTEL_TRACES_SAMPLER", "parentbased_traceidratio");
      env.put("OTEL_TRACES_SAMPLER_ARG", t.samplingRate());
    }
    return env;
  }

  /** {@code service.namespace=<ns>,service.version=latest}. */
  static String resourceAttributes(Function fn) {
    return "service.namespace=" + FunctionNames.namespace(fn) + ",service.version=latest";
  }

  private static TracingSpec tracing(Function fn) {
    var o = fn.getSpec() == null ? null : fn.getSpec().observability();
    return o == null ? null : o.tracing();
  }
}
