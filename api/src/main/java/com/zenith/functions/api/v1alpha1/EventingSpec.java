package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.Map;

/** The events this function subscribes to, through a Trigger on a broker. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.filters) || size(self.filters) == 0 || (has(self.broker) && self.broker != '')",
    message = "filters need a broker: set eventing.broker, or remove eventing.filters",
    reason = "FieldValueRequired")
@ValidationRule(
    value = "!has(self.filters) || self.filters.all(k, k.matches('" + Patterns.CE_ATTRIBUTE + "'))",
    message =
        "filter keys must be CloudEvents attribute names: a lowercase letter followed by"
            + " lowercase letters or digits",
    fieldPath = ".filters",
    reason = "FieldValueInvalid")
public record EventingSpec(
    @JsonPropertyDescription(
            "Name of the Broker, in the Function's namespace, to subscribe to. Empty means no"
                + " subscription.")
        @Pattern(Patterns.DNS1123_SUBDOMAIN_OR_EMPTY)
        @Size(max = 253)
        String broker,
    @JsonPropertyDescription(
            "CloudEvents attributes an event must match exactly to be delivered, for example"
                + " type: com.example.created. Keys are lowercase attribute names.")
        @Size(max = 32)
        Map<String, String> filters) {}
