package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;

/** Observability settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObservabilitySpec(
    @JsonPropertyDescription("OpenTelemetry tracing.") TracingSpec tracing) {}
