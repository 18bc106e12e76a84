package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Selects a key of a ConfigMap. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ConfigMapKeySelector(
    @JsonPropertyDescription("Name of the ConfigMap.")
        @Required
        @Pattern(Patterns.DNS1123_SUBDOMAIN)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription("Key in the ConfigMap's data.")
        @Required
        @Pattern(Patterns.CONFIG_KEY)
        @Size(max = 253)
        String key,
    @JsonPropertyDescription(
            "If true, a missing ConfigMap or key leaves the variable unset instead of blocking the"
                + " function.")
        Boolean optional) {}
