package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Names a Secret or ConfigMap whose keys become environment variables. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EnvSourceRef(
    @JsonPropertyDescription("Name of the object in the Function's namespace.")
        @Required
        @Pattern(Patterns.DNS1123_SUBDOMAIN)
        @Size(max = 253)
        String name,
    @JsonPropertyDescription("If true, a missing object is skipped instead of blocking.")
        Boolean optional) {}
