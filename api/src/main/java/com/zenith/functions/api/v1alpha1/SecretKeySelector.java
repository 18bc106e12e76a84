package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Selects a key of a Secret. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SecretKeySelector(
    @JsonPropertyDescription("Name of the Secret.")
        @Required
        @Pattern(Patterns.DNS1123_SUBDOMAIN)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription("Key in the Secret's data.")
        @Required
        @Pattern(Patterns.CONFIG_KEY)
        @Size(max = 253)
        String key,
    @JsonPropertyDescription(
            "If true, a missing Secret or key leaves the variable unset instead of blocking the"
                + " function.")
        Boolean optional) {}
