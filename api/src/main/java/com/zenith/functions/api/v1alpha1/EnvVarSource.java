package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.ValidationRule;

/** The source of an environment variable's value; exactly one of its fields is set. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "secretKeyRef",
  "configMapKeyRef",
  "fieldRef",
  "resourceFieldRef",
  "fileKeyRef"
})
@ValidationRule(
    value =
        "[has(self.secretKeyRef), has(self.configMapKeyRef), has(self.fieldRef),"
            + " has(self.resourceFieldRef), has(self.fileKeyRef)].filter(x, x).size() == 1",
    message =
        "set exactly one of secretKeyRef, configMapKeyRef, fieldRef, resourceFieldRef or"
            + " fileKeyRef",
    reason = "FieldValueInvalid")
public record EnvVarSource(
    @JsonPropertyDescription("A key of a Secret in the Function's namespace.")
        SecretKeySelector secretKeyRef,
    @JsonPropertyDescription("A key of a ConfigMap in the Function's namespace.")
        ConfigMapKeySelector configMapKeyRef,
    @JsonPropertyDescription(
            "A field of the object: metadata.name, metadata.namespace or metadata.uid.")
        ObjectFieldSelector fieldRef,
    @JsonPropertyDescription("A resource limit or request of the function's container.")
        ResourceFieldSelector resourceFieldRef,
    @JsonPropertyDescription("A key of an env file in a volume (Kubernetes EnvFiles feature).")
        FileKeySelector fileKeyRef) {}
