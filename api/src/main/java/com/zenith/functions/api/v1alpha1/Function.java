package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.zenith.functions.api.naming.FunctionNames;
import io.fabric8.crd.generator.annotation.AdditionalPrinterColumn;
import io.fabric8.generator.annotation.ValidationRule;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.ShortNames;
import io.fabric8.kubernetes.model.annotation.Singular;
import io.fabric8.kubernetes.model.annotation.Version;

/** A function: where its source lives, how to build and deploy it, and what events it takes. */
@Group(Function.GROUP)
@Version(Function.VERSION)
@Kind(Function.KIND)
@Plural("functions")
@Singular("function")
@ShortNames({"fn", "fns"})
@AdditionalPrinterColumn(
    name = "Ready",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].status",
    getDescription = "Whether the function is built, deployed and ready to take requests.")
@AdditionalPrinterColumn(
    name = "Reason",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.conditions[?(@.type==\"Ready\")].reason",
    getDescription = "Why the function is or is not ready.")
@AdditionalPrinterColumn(
    name = "URL",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.url",
    getDescription = "The stable URL of the function.")
@AdditionalPrinterColumn(
    name = "Image",
    type = AdditionalPrinterColumn.Type.STRING,
    jsonPath = ".status.imageDigest",
    priority = 1,
    getDescription = "The image, by digest, that the function runs.")
@AdditionalPrinterColumn(
    name = "Age",
    type = AdditionalPrinterColumn.Type.DATE,
    jsonPath = ".metadata.creationTimestamp",
    getDescription = "When the function was created.")
// A root rule may read metadata.name (and nothing else of metadata); no fieldPath, because the
// API server only accepts one that its structural schema of metadata knows, and name is not in it.
@ValidationRule(
    value = "size(self.metadata.name) <= " + FunctionNames.MAX_FUNCTION_NAME,
    message = "metadata.name " + FunctionNames.NAME_TOO_LONG,
    reason = "FieldValueTooLong")
public class Function extends CustomResource<FunctionSpec, FunctionStatus> implements Namespaced {
  /** The API group of the Function resource. */
  public static final String GROUP = "functions.zenith.com";

  /** The only served version. */
  public static final String VERSION = "v1alpha1";

  /** The kind. */
  public static final String KIND = "Function";

  /** The apiVersion written in manifests. */
  public static final String API_VERSION = GROUP + "/" + VERSION;

  /** The CRD name, as the API server knows it. */
  public static final String CRD_NAME = "functions." + GROUP;

  @Override
  @JsonPropertyDescription(
      "What the function is: its git source, how its image is built, how it runs, and the"
          + " events it subscribes to.")
  public FunctionSpec getSpec() {
    return super.getSpec();
  }

  @Override
  @JsonPropertyDescription("What the engine observed; written by the operator or zenith dev.")
  public FunctionStatus getStatus() {
    return super.getStatus();
  }
}
