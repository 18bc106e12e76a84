package com.zenith.functions.sdk.trace;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** When and how the SDK exports spans itself; pure, no OpenTelemetry type. */
final class OtlpSettings {
  private static final String AUTOCONFIGURE =
      "io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk";
  private static final String OTLP_EXPORTER =
      "io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter";

  private OtlpSettings() {}

  /** True when the environment (or a system property) names an OTLP endpoint for traces. */
  static boolean wanted(Map<String, String> env) {
    return endpoint(env) != null;
  }

  static String endpoint(Map<String, String> env) {
    for (String name :
        new String[] {"OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", "OTEL_EXPORTER_OTLP_ENDPOINT"}) {
      String v = env.get(name);
      if (v == null || v.isBlank()) {
        v = System.getProperty(property(name));
      }
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  /** True when the autoconfigure module and the OTLP exporter are on the class path. */
  static boolean available() {
    ClassLoader cl = OtlpSettings.class.getClassLoader();
    try {
      Class.forName(AUTOCONFIGURE, false, cl);
      Class.forName(OTLP_EXPORTER, false, cl);
      return true;
    } catch (ClassNotFoundException | LinkageError e) {
      return false;
    }
  }

  /**
   * Autoconfigure properties from the SDK's environment map ({@code OTEL_FOO_BAR} becomes {@code
   * otel.foo.bar}) over our defaults. The process's real environment and system properties still
   * win, as autoconfigure ranks them above supplied properties.
   */
  static Map<String, String> properties(Map<String, String> env) {
    var props = new LinkedHashMap<String, String>();
    props.put("otel.exporter.otlp.protocol", "http/protobuf");
    props.put("otel.metrics.exporter", "none");
    props.put("otel.logs.exporter", "none");
    String service = env.get("K_SERVICE");
    if (service != null && !service.isBlank()) {
      props.put("otel.service.name", service.trim());
    }
    env.forEach(
        (k, v) -> {
          if (k.startsWith("OTEL_") && v != null && !v.isBlank()) {
            props.put(property(k), v.trim());
          }
        });
    return props;
  }

  static String property(String envName) {
    return envName.toLowerCase(Locale.ROOT).replace('_', '.');
  }

  /** scheme://host:port only: an endpoint may carry credentials. */
  static String redact(String endpoint) {
    try {
      URI u = URI.create(endpoint);
      return u.getScheme() + "://" + u.getHost() + (u.getPort() > 0 ? ":" + u.getPort() : "");
    } catch (IllegalArgumentException e) {
      return "(an endpoint that is not a URL)";
    }
  }
}
