package com.zenith.functions.sdk.trace;

import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.sdk.OpenTelemetrySdk;
import io.opentelemetry.sdk.autoconfigure.AutoConfiguredOpenTelemetrySdk;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The SDK's own exporter: the OpenTelemetry SDK configured by its autoconfigure module from the
 * standard {@code OTEL_*} variables (service name, resource attributes, sampler and its ratio,
 * exporter endpoint, headers, protocol), with three defaults of ours: OTLP over HTTP/protobuf, no
 * metrics or logs exporter (spans only), and {@code K_SERVICE} as the service name ({@link
 * OtlpSettings}). Loaded only when a host starts with an endpoint set and {@link
 * OtlpSettings#available()}: it names SDK types, which may be absent.
 */
final class OtlpSetup {
  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.trace");

  private OtlpSetup() {}

  /** An exporter the SDK set up; it flushes on host stop and shuts down on close. */
  record Installed(OpenTelemetry openTelemetry, OpenTelemetrySdk sdk) {
    void flush(Duration timeout) {
      sdk.getSdkTracerProvider().forceFlush().join(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    void close() {
      sdk.shutdown().join(5, TimeUnit.SECONDS);
    }
  }

  /**
   * Builds the exporter and registers it as the {@link io.opentelemetry.api.GlobalOpenTelemetry}
   * (so the application's own spans go the same way); null, with a warning, when the settings are
   * not valid.
   */
  static Installed install(Map<String, String> env) {
    Map<String, String> props = OtlpSettings.properties(env);
    try {
      OpenTelemetrySdk sdk =
          AutoConfiguredOpenTelemetrySdk.builder()
              .addPropertiesSupplier(() -> props)
              .disableShutdownHook() // the host flushes after its drain; see FunctionHost.stop
              .setResultAsGlobal()
              .build()
              .getOpenTelemetrySdk();
      LOG.log(
          Level.INFO,
          "tracing: exporting spans to {0} over OTLP {1} as service {2}",
          OtlpSettings.redact(OtlpSettings.endpoint(env)),
          props.get("otel.exporter.otlp.protocol"),
          props.getOrDefault("otel.service.name", "(from OTEL_RESOURCE_ATTRIBUTES)"));
      return new Installed(sdk, sdk);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "tracing: spans are not exported: " + e.getMessage());
      return null;
    }
  }
}
