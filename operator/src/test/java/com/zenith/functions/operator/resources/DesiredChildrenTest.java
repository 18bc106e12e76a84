package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.api.v1alpha1.EnvVarSource;
import com.zenith.functions.api.v1alpha1.EventingSpec;
import com.zenith.functions.api.v1alpha1.ObjectFieldSelector;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DesiredChildrenTest {

  private static final String IMAGE = "registry.example.com/team/hello:latest@sha256:abc";

  @Test
  void aPlainFunctionGetsItsServiceAccountBuildAndService() {
    var children = DesiredChildren.of(ResourceFixtures.plain(), ChildSettings.defaults(), IMAGE);

    assertThat(children.problems()).isEmpty();
    assertThat(children.objects())
        .extracting(o -> o.getKind() + "/" + o.getMetadata().getName())
        .containsExactly(
            "ServiceAccount/hello-sa",
            "PipelineRun/"
                + PipelineRunResource.name(
                    ResourceFixtures.plain(), ChildSettings.defaults(), null),
            "Service/hello");
  }

  @Test
  void eventingAddsTheTriggerAfterTheService() {
    var base = ResourceFixtures.plain();
    var fn =
        ResourceFixtures.fn(
            null,
            null,
            base.getSpec().build(),
            base.getSpec().deploy(),
            new EventingSpec("default", Map.of("type", "a")),
            null);
    assertThat(DesiredChildren.of(fn, ChildSettings.defaults(), IMAGE).objects())
        .extracting(o -> o.getKind())
        .containsExactly("ServiceAccount", "PipelineRun", "Service", "Trigger");
  }

  @Test
  void anEnvSourceTheOperatorRefusesIsAProblemAndNoService() {
    var base = ResourceFixtures.plain();
    var env =
        new EnvVar(
            "IP",
            null,
            new EnvVarSource(
                null, null, new ObjectFieldSelector(null, "status.podIP"), null, null));
    var fn =
        ResourceFixtures.fn(
            null,
            null,
            base.getSpec().build(),
            new DeploySpec(List.of(env), null, null, null, null),
            null,
            null);
    var children = DesiredChildren.of(fn, ChildSettings.defaults(), IMAGE);
    assertThat(children.problems()).singleElement().asString().contains("status.podIP");
    assertThat(children.objects()).extracting(o -> o.getKind()).doesNotContain("Service");
  }
}
