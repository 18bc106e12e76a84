package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** Where the built image goes. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record BuildSpec(
    @JsonPropertyDescription(
            "Image reference to push the build to, for example"
                + " registry.example.com/team/app:latest. The function runs it by digest.")
        @Required
        @Pattern(Patterns.IMAGE_REFERENCE)
        @Size(max = 512)
        String image,
    @JsonPropertyDescription(
            "Name of a docker-registry Secret used to push the image and to pull it at run time.")
        @Pattern(Patterns.DNS1123_SUBDOMAIN)
        @Size(max = 253)
        String registrySecretName) {}
