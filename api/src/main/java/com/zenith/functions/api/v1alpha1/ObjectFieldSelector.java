package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Selects a field of the running object. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ObjectFieldSelector(
    @JsonPropertyDescription("Version of the schema fieldPath is written in; defaults to v1.")
        String apiVersion,
    @JsonPropertyDescription(
            "Path of the field: metadata.name, metadata.namespace and metadata.uid are"
                + " supported by both engines.")
        @Required
        String fieldPath) {}
