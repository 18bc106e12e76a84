package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.ValidationRule;

/** Instance bounds, as Knative's min-scale and max-scale annotations. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(
    value =
        "!has(self.minScale) || !has(self.maxScale) || self.maxScale == 0"
            + " || self.minScale <= self.maxScale",
    message = "minScale must be less than or equal to maxScale (maxScale 0 means no limit)",
    reason = "FieldValueInvalid")
public record ScaleSpec(
    @JsonPropertyDescription("Fewest instances kept running; 0 allows scale to zero.") @Min(0)
        Integer minScale,
    @JsonPropertyDescription("Most instances; 0 means no limit.") @Min(0) Integer maxScale) {}
