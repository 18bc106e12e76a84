package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EventingSpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
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
    return new FunctionSpec(
        s.gitRepo(),
        s.gitRevision(),
        s.gitAuthSecretName(),
        s.build(),
        d,
        s.eventing(),
        s.observability());
  }

  static FunctionSpec revision(FunctionSpec s, String revision) {
    return new FunctionSpec(
        s.gitRepo(),
        revision,
        s.gitAuthSecretName(),
        s.build(),
        s.deploy(),
        s.eventing(),
        s.observability());
  }

  static FunctionSpec gitAuth(FunctionSpec s, String secret) {
    return new FunctionSpec(
        s.gitRepo(),
        s.gitRevision(),
        secret,
        s.build(),
        s.deploy(),
        s.eventing(),
        s.observability());
  }

  static FunctionSpec build(FunctionSpec s, BuildSpec b) {
    return new FunctionSpec(
        s.gitRepo(),
        s.gitRevision(),
        s.gitAuthSecretName(),
        b,
        s.deploy(),
        s.eventing(),
        s.observability());
  }

  static FunctionSpec eventing(FunctionSpec s, String broker, Map<String, String> filters) {
    return new FunctionSpec(
        s.gitRepo(),
        s.gitRevision(),
        s.gitAuthSecretName(),
        s.build(),
        s.deploy(),
        broker == null ? null : new EventingSpec(broker, filters),
        s.observability());
  }

  static FunctionSpec observability(
      FunctionSpec s, com.zenith.functions.api.v1alpha1.ObservabilitySpec o) {
    return new FunctionSpec(
        s.gitRepo(),
        s.gitRevision(),
        s.gitAuthSecretName(),
        s.build(),
        s.deploy(),
        s.eventing(),
        o);
  }
}
