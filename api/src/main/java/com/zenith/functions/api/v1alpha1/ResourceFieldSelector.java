package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;
import io.fabric8.kubernetes.api.model.Quantity;

/** Selects a resource limit or request of the container. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResourceFieldSelector(
    @JsonPropertyDescription("Container name; the function has one container.")
        String containerName,
    @JsonPropertyDescription("Resource, for example limits.memory or requests.cpu.") @Required
        String resource,
    @JsonPropertyDescription("Unit the value is divided by; defaults to 1.") Quantity divisor) {}
