package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Dapr sidecar settings. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DaprSpec(
    @JsonPropertyDescription("Whether the Dapr sidecar is injected.") @Required Boolean enabled,
    @JsonPropertyDescription(
            "Dapr app ID: lowercase letters, digits and '-', at most 63 characters. Empty means"
                + " the function's name.")
        @Pattern(Patterns.DAPR_APP_ID)
        @Size(max = 63)
        String appID,
    @JsonPropertyDescription(
            "Port the function listens on, which Dapr calls. Defaults to 8080 when empty.")
        @Min(1)
        @Max(65535)
        Integer appPort) {}
