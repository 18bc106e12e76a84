package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.ValidationRule;

/** All keys of a Secret or ConfigMap as environment variables; exactly one ref is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "has(self.configMapRef) != has(self.secretRef)",
    message = "set exactly one of configMapRef or secretRef",
    reason = "FieldValueInvalid")
public record EnvFromSource(
    @JsonPropertyDescription("Prefix added to every variable name.")
        @Pattern(Patterns.ENV_VAR_PREFIX)
        String prefix,
    @JsonPropertyDescription("The ConfigMap to take variables from.") EnvSourceRef configMapRef,
    @JsonPropertyDescription("The Secret to take variables from.") EnvSourceRef secretRef) {}
