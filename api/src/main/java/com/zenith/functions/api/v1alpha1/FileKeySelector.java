package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Required;

/** Selects a key of an env file in a volume. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record FileKeySelector(
    @JsonPropertyDescription("Name of the volume holding the file.") @Required String volumeName,
    @JsonPropertyDescription("Path of the file inside the volume.") @Required String path,
    @JsonPropertyDescription("Key to read from the file.") @Required String key,
    @JsonPropertyDescription("If true, a missing file or key leaves the variable unset.")
        Boolean optional) {}
