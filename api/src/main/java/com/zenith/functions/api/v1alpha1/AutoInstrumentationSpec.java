package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Which OpenTelemetry auto-instrumentation agent to inject. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record AutoInstrumentationSpec(
    @JsonPropertyDescription("Language of the function: go, java, nodejs, python or dotnet.")
        @Required
        InstrumentationLanguage language) {}
