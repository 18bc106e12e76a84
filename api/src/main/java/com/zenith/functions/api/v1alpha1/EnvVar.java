package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.ValidationRule;

/** An environment variable, field-compatible with the Kubernetes EnvVar. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value = "!has(self.valueFrom) || !has(self.value) || self.value == ''",
    message = "value and valueFrom are exclusive: set one of them",
    reason = "FieldValueForbidden")
public record EnvVar(
    @JsonPropertyDescription(
            "Name of the variable: letters, digits, '_', '-' or '.', not starting with a digit.")
        @Required
        @Pattern(Patterns.ENV_VAR_NAME)
        String name,
    @JsonPropertyDescription("Literal value. $(VAR) references to earlier variables expand.")
        String value,
    @JsonPropertyDescription("Where the value comes from, instead of a literal value.")
        EnvVarSource valueFrom) {}
