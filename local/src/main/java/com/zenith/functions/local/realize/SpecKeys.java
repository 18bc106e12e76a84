package com.zenith.functions.local.realize;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import java.nio.file.Path;
import java.util.Map;

/**
 * What in a Function's spec its process sees, split as Knative splits it: the build inputs (a
 * change rebuilds), the revision template (a change starts a new instance), and the rest
 * (visibility, eventing: a change touches only routes and triggers). Pure.
 */
final class SpecKeys {
  private static final ObjectMapper JSON = new ObjectMapper();

  private SpecKeys() {}

  /** The build inputs: the operator's build identity, plus where a local source comes from. */
  record Source(BuildIdentity identity, String localSource, Path manifest) {}

  /** The revision template: env, envFrom, Dapr, scale and tracing, compared by their JSON. */
  record Deploy(String json) {}

  static Source source(Function fn, Path manifest) {
    Map<String, String> a = fn.getMetadata().getAnnotations();
    String local = a == null ? null : a.get(FunctionNames.LOCAL_SOURCE_ANNOTATION);
    return new Source(
        BuildIdentity.of(fn, "local"), local, local == null ? null : manifest.toAbsolutePath());
  }

  static Deploy deploy(Function fn) {
    var d = fn.getSpec().deploy();
    var node = JSON.createObjectNode();
    if (d != null) {
      node.set("env", JSON.valueToTree(d.env()));
      node.set("envFrom", JSON.valueToTree(d.envFrom()));
      node.set("dapr", JSON.valueToTree(d.dapr()));
      node.set("scale", JSON.valueToTree(d.scale()));
    }
    node.set("observability", JSON.valueToTree(fn.getSpec().observability()));
    return new Deploy(node.toString());
  }
}
