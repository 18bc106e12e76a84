package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;

/** What an engine observed: conditions, the URL, and the build the function runs. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"observedGeneration", "conditions", "url", "imageDigest", "build"})
public record FunctionStatus(
    @JsonPropertyDescription("The metadata.generation this status describes.")
        Long observedGeneration,
    @JsonPropertyDescription(
            "Ready summarizes BuildSucceeded, ServiceReady and (with eventing) EventingReady.")
        List<Condition> conditions,
    @JsonPropertyDescription("URL at which the function answers.") String url,
    @JsonPropertyDescription(
            "Image the function runs, as image@sha256:digest, from the build named in build.")
        String imageDigest,
    @JsonPropertyDescription("The build that produced imageDigest.") BuildStatus build) {}
