package com.zenith.functions.api.observability;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.AutoInstrumentationSpec;
import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import com.zenith.functions.api.v1alpha1.TracingSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/** The OTel variables both engines give a traced Function. */
class TelemetryEnvironmentTest {

  static Function fn(String ns, TracingSpec tracing) {
    Function fn = new Function();
    fn.setMetadata(new ObjectMetaBuilder().withName("audit-logger").withNamespace(ns).build());
    fn.setSpec(
        new FunctionSpec(
            "https://github.com/myorg/audit-logger",
            "main",
            null,
            new BuildSpec("registry.example.com/audit-logger", null),
            new DeploySpec(null, null, null, null, null),
            null,
            tracing == null ? null : new ObservabilitySpec(tracing)));
    return fn;
  }

  @Test
  void tracedFunctionGetsEndpointProtocolServiceResourceAndParentBasedSampler() {
    var vars =
        TelemetryEnvironment.variables(
            fn("payments", new TracingSpec(true, "0.25", null)), "http://127.0.0.1:4318");
    assertThat(vars)
        .containsExactly(
            java.util.Map.entry("OTEL_EXPORTER_OTLP_ENDPOINT", "http://127.0.0.1:4318"),
            java.util.Map.entry("OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf"),
            java.util.Map.entry("OTEL_SERVICE_NAME", "audit-logger"),
            java.util.Map.entry(
                "OTEL_RESOURCE_ATTRIBUTES", "service.namespace=payments,service.version=latest"),
            java.util.Map.entry("OTEL_TRACES_EXPORTER", "otlp"),
            java.util.Map.entry("OTEL_TRACES_SAMPLER", "parentbased_traceidratio"),
            java.util.Map.entry("OTEL_TRACES_SAMPLER_ARG", "0.25"));
  }

  @Test
  void withoutRateOrWithTracingOffThereIsNoSampler() {
    assertThat(
            TelemetryEnvironment.variables(fn(null, new TracingSpec(true, null, null)), "http://x"))
        .doesNotContainKeys("OTEL_TRACES_SAMPLER", "OTEL_TRACES_SAMPLER_ARG")
        .containsEntry(
            "OTEL_RESOURCE_ATTRIBUTES", "service.namespace=default,service.version=latest");
    // Forced for every function (zenith dev --tracing) while the spec says off: no rate applies.
    assertThat(
            TelemetryEnvironment.variables(
                fn(null, new TracingSpec(false, "0.5", null)), "http://x"))
        .doesNotContainKey("OTEL_TRACES_SAMPLER_ARG");
  }

  @Test
  void autoInstrumentationCountsOnlyWithTracingEnabled() {
    var java = new AutoInstrumentationSpec(InstrumentationLanguage.JAVA);
    assertThat(
            TelemetryEnvironment.autoInstrumentation(fn(null, new TracingSpec(true, null, java))))
        .isEqualTo(InstrumentationLanguage.JAVA);
    assertThat(
            TelemetryEnvironment.autoInstrumentation(fn(null, new TracingSpec(false, null, java))))
        .isNull();
    assertThat(TelemetryEnvironment.enabled(fn(null, null))).isFalse();
  }
}
