package com.zenith.functions.operator.scenarios;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EventingSpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.LinkedHashMap;
import java.util.Map;

/** Fixture Functions for the scenarios, and record "withers" for their specs. */
final class Functions {

  /** A digest the simulated builds report. */
  static final String DIGEST =
      "sha256:1111111111111111111111111111111111111111111111111111111111111111";

  /** Another one, for a second build. */
  static final String DIGEST_2 =
      "sha256:2222222222222222222222222222222222222222222222222222222222222222";

  static final String IMAGE = "registry.example.com/team/app:latest";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private Functions() {}

  static Function function(String ns, String name) {
    Function fn = new Function();
    fn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    fn.setSpec(
        new FunctionSpec(
            "https://github.com/example/" + name,
            "main",
            null,
            new BuildSpec(IMAGE, null),
            new DeploySpec(null, null, null, null, null),
            null,
            null));
    return fn;
  }

  static Function with(Function fn, java.util.function.UnaryOperator<FunctionSpec> change) {
    fn.setSpec(change.apply(fn.getSpec()));
    return fn;
  }

  static FunctionSpec deploy(FunctionSpec s, DeploySpec d) {
    return set(s, "deploy", d);
  }

  static FunctionSpec revision(FunctionSpec s, String revision) {
    return set(s, "gitRevision", revision);
  }

  static FunctionSpec gitAuth(FunctionSpec s, String secret) {
    return set(s, "gitAuthSecretName", secret);
  }

  static FunctionSpec build(FunctionSpec s, BuildSpec b) {
    return set(s, "build", b);
  }

  static FunctionSpec eventing(FunctionSpec s, String broker, Map<String, String> filters) {
    return set(s, "eventing", broker == null ? null : new EventingSpec(broker, filters));
  }

  static FunctionSpec observability(FunctionSpec s, ObservabilitySpec o) {
    return set(s, "observability", o);
  }

  /** A copy of the spec with one field replaced (null removes it), through its JSON form. */
  @SuppressWarnings("unchecked")
  private static FunctionSpec set(FunctionSpec s, String field, Object value) {
    Map<String, Object> json = new LinkedHashMap<>(MAPPER.convertValue(s, Map.class));
    if (value == null) {
      json.remove(field);
    } else {
      json.put(field, MAPPER.convertValue(value, Object.class));
    }
    return MAPPER.convertValue(json, FunctionSpec.class);
  }
}
