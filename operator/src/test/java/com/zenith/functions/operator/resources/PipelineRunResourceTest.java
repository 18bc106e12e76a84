package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EnvVar;
import com.zenith.functions.operator.tekton.PipelineRun;
import java.util.List;
import org.junit.jupiter.api.Test;

class PipelineRunResourceTest {

  private final ChildSettings settings = ChildSettings.defaults();

  @Test
  void pipelineClonesThenBuildsWithTheClusterResolver() {
    PipelineRun pr = PipelineRunResource.desired(ResourceFixtures.plain(), settings);

    assertThat(pr.getMetadata().getName()).matches("hello-build-[0-9a-f]{10}");
    assertThat(pr.getMetadata().getAnnotations())
        .containsEntry(PipelineRunResource.GIT_REVISION_ANNOTATION, "main")
        .containsEntry(PipelineRunResource.GENERATION_ANNOTATION, "3");
    var tasks = pr.getSpec().pipelineSpec().tasks();
    assertThat(tasks.get(0).params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("url=https://github.com/example/hello", "revision=main");
    assertThat(tasks.get(0).taskRef().resolver()).isEqualTo("cluster");
    assertThat(tasks.get(0).taskRef().params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("kind=task", "name=git-clone", "namespace=zenith-system");
    assertThat(tasks.get(1).runAfter()).containsExactly("fetch-source");
    assertThat(tasks.get(1).params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly(
            "APP_IMAGE=registry.example.com/team/hello:latest",
            "CNB_BUILDER_IMAGE=" + settings.builderImage(),
            "CNB_PROCESS_TYPE=");
    assertThat(pr.getSpec().taskRunTemplate().serviceAccountName()).isEqualTo("hello-sa");
    assertThat(pr.getSpec().pipelineSpec().results())
        .extracting(r -> r.name())
        .containsExactly("APP_IMAGE_DIGEST", "COMMIT");
    assertThat(pr.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
  }

  @Test
  void namespaceLocalTasksWhenNoTasksNamespace() {
    PipelineRun pr =
        PipelineRunResource.desired(ResourceFixtures.plain(), settings.withTasksNamespace(""));
    var ref = pr.getSpec().pipelineSpec().tasks().get(1).taskRef();
    assertThat(ref.name()).isEqualTo("buildpacks-phases");
    assertThat(ref.kind()).isEqualTo("Task");
    assertThat(ref.resolver()).isNull();
  }

  @Test
  void nameChangesWithWhatIsBuiltButNotWithEnv() {
    var base = ResourceFixtures.plain();
    var otherRevision =
        ResourceFixtures.fn(
            "v1", null, base.getSpec().build(), base.getSpec().deploy(), null, null);
    var otherImage =
        ResourceFixtures.fn(
            null,
            null,
            new BuildSpec("registry.example.com/team/other:1", null),
            base.getSpec().deploy(),
            null,
            null);
    var otherEnv =
        ResourceFixtures.fn(
            null,
            null,
            base.getSpec().build(),
            new DeploySpec(List.of(new EnvVar("A", "b", null)), null, null, null, null),
            null,
            null);
    String name = PipelineRunResource.name(base, settings);
    assertThat(PipelineRunResource.name(otherRevision, settings)).isNotEqualTo(name);
    assertThat(PipelineRunResource.name(otherImage, settings)).isNotEqualTo(name);
    assertThat(PipelineRunResource.name(otherEnv, settings)).isEqualTo(name);
  }

  @Test
  void onlyTheImagesOwnInsecureRegistryIsPassed() {
    var insecure =
        settings.withInsecureRegistries(
            List.of("registry.registry.svc.cluster.local:5000", "other:5000"));
    var fn =
        ResourceFixtures.fn(
            null,
            null,
            new BuildSpec("registry.registry.svc.cluster.local:5000/team/app:latest", null),
            new DeploySpec(null, null, null, null, null),
            null,
            null);
    assertThat(
            PipelineRunResource.desired(fn, insecure)
                .getSpec()
                .pipelineSpec()
                .tasks()
                .get(1)
                .params())
        .extracting(p -> p.name() + "=" + p.value())
        .contains("CNB_INSECURE_REGISTRIES=registry.registry.svc.cluster.local:5000");
    assertThat(
            PipelineRunResource.desired(ResourceFixtures.plain(), insecure)
                .getSpec()
                .pipelineSpec()
                .tasks()
                .get(1)
                .params())
        .extracting(p -> p.name())
        .doesNotContain("CNB_INSECURE_REGISTRIES");
  }
}
