package com.zenith.functions.operator.resources;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EventingSpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import com.zenith.functions.api.v1alpha1.ObservabilitySpec;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;

/** Functions for the pure builder tests. */
public final class ResourceFixtures {

  private ResourceFixtures() {}

  public static Function fn(
      String revision,
      String gitAuth,
      BuildSpec build,
      DeploySpec deploy,
      EventingSpec eventing,
      ObservabilitySpec observability) {
    Function fn = new Function();
    fn.setMetadata(
        new ObjectMetaBuilder()
            .withName("hello")
            .withNamespace("team")
            .withUid("uid-1")
            .withGeneration(3L)
            .build());
    fn.setSpec(
        new FunctionSpec(
            "https://github.com/example/hello",
            revision,
            gitAuth,
            build,
            deploy,
            eventing,
            observability));
    return fn;
  }

  public static Function plain() {
    return fn(
        null,
        null,
        new BuildSpec("registry.example.com/team/hello:latest", null),
        new DeploySpec(null, null, null, null, null),
        null,
        null);
  }
}
