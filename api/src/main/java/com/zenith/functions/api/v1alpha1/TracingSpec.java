package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;

/** OpenTelemetry tracing settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TracingSpec(
    @JsonPropertyDescription("Whether traces are exported (OTEL_* variables are set).")
        Boolean enabled,
    @JsonPropertyDescription(
            "Fraction of traces sampled, a decimal from 0 to 1 written as a string, e.g. \"0.1\".")
        @Pattern(Patterns.SAMPLING_RATE)
        String samplingRate,
    @JsonPropertyDescription("Inject the OpenTelemetry auto-instrumentation agent.")
        AutoInstrumentationSpec autoInstrumentation) {}
