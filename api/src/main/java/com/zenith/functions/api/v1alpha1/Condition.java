package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;

/** A Kubernetes-style condition (metav1.Condition). */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "type",
  "status",
  "reason",
  "message",
  "lastTransitionTime",
  "observedGeneration"
})
public record Condition(
    @JsonPropertyDescription("Type: Ready, BuildSucceeded, ServiceReady or EventingReady.")
        @Required
        String type,
    @JsonPropertyDescription("True, False or Unknown.") @Required @Pattern("^(True|False|Unknown)$")
        String status,
    @JsonPropertyDescription("CamelCase reason code, stable for tools.") String reason,
    @JsonPropertyDescription("What happened and what to do about it.") String message,
    @JsonPropertyDescription("When status last changed, RFC 3339.") String lastTransitionTime,
    @JsonPropertyDescription("metadata.generation the condition was computed from.")
        Long observedGeneration) {}
