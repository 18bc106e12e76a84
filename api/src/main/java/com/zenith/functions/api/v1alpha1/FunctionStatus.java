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
            "Image that serves the function's traffic, as image@sha256:digest. While a newer"
                + " build is rolled out, or when its revision failed, this stays the image of the"
                + " revision that still serves.")
        String imageDigest,
    @JsonPropertyDescription(
            "The newest successful build: what is deployed, or being deployed, for the current"
                + " spec. Its image differs from imageDigest while it is not serving yet.")
        BuildStatus build) {}
