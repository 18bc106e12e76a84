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
    PipelineRun pr = PipelineRunResource.desired(ResourceFixtures.plain(), settings, null);

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
        .containsExactly("kind=task", "name=zenith-git-clone-v1", "namespace=zenith-system");
    assertThat(tasks.get(1).runAfter()).containsExactly("fetch-source");
    assertThat(tasks.get(1).params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly(
            "APP_IMAGE=registry.example.com/team/hello:latest",
            "BUILDER_IMAGE=" + settings.builderImage(),
            "RUN_IMAGE=" + settings.runImage());
    assertThat(tasks.get(1).taskRef().params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("kind=task", "name=zenith-buildpacks-v1", "namespace=zenith-system");
    assertThat(pr.getSpec().taskRunTemplate().serviceAccountName()).isEqualTo("hello-sa");
    assertThat(pr.getSpec().pipelineSpec().results())
        .extracting(r -> r.name())
        .containsExactly("APP_IMAGE_DIGEST", "COMMIT");
    assertThat(pr.getSpec().pipelineSpec().results())
        .extracting(r -> r.value())
        .containsExactly(
            "$(tasks.build-and-push.results.IMAGE_DIGEST)", "$(tasks.fetch-source.results.commit)");
    assertThat(pr.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo("uid-1");
  }

  @Test
  void namespaceLocalTasksWhenNoTasksNamespace() {
    PipelineRun pr =
        PipelineRunResource.desired(
            ResourceFixtures.plain(), settings.withTasksNamespace(""), null);
    var ref = pr.getSpec().pipelineSpec().tasks().get(1).taskRef();
    assertThat(ref.name()).isEqualTo("zenith-buildpacks-v1");
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
    String name = PipelineRunResource.name(base, settings, null);
    assertThat(PipelineRunResource.name(otherRevision, settings, null)).isNotEqualTo(name);
    assertThat(PipelineRunResource.name(otherImage, settings, null)).isNotEqualTo(name);
    assertThat(PipelineRunResource.name(otherEnv, settings, null)).isEqualTo(name);
  }

  @Test
  void aResolvedCommitIsANewBuildThatClonesExactlyThatCommit() {
    var fn = ResourceFixtures.plain();
    String commit = "0123456789abcdef0123456789abcdef01234567";

    PipelineRun byName = PipelineRunResource.desired(fn, settings, null);
    PipelineRun pinned = PipelineRunResource.desired(fn, settings, commit);
    PipelineRun other = PipelineRunResource.desired(fn, settings, commit.replace('0', 'f'));

    assertThat(pinned.getMetadata().getName())
        .isEqualTo(PipelineRunResource.name(fn, settings, commit))
        .isNotEqualTo(byName.getMetadata().getName())
        .isNotEqualTo(other.getMetadata().getName());
    assertThat(pinned.getMetadata().getName())
        .endsWith(pinned.getMetadata().getLabels().get(PipelineRunResource.BUILD_HASH_LABEL));
    assertThat(pinned.getMetadata().getAnnotations())
        .containsEntry(PipelineRunResource.COMMIT_ANNOTATION, commit)
        .containsEntry(PipelineRunResource.GIT_REVISION_ANNOTATION, "main");
    assertThat(byName.getMetadata().getAnnotations())
        .doesNotContainKey(PipelineRunResource.COMMIT_ANNOTATION);
    assertThat(pinned.getSpec().pipelineSpec().tasks().get(0).params())
        .extracting(p -> p.name() + "=" + p.value())
        .containsExactly("url=https://github.com/example/hello", "revision=" + commit);
    // Apart from what names and pins the build, the two runs are the same.
    assertThat(pinned.getSpec().pipelineSpec().tasks().get(1))
        .isEqualTo(byName.getSpec().pipelineSpec().tasks().get(1));
    assertThat(pinned.getSpec().taskRunTemplate()).isEqualTo(byName.getSpec().taskRunTemplate());
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
            PipelineRunResource.desired(fn, insecure, null)
                .getSpec()
                .pipelineSpec()
                .tasks()
                .get(1)
                .params())
        .extracting(p -> p.name() + "=" + p.value())
        .contains("INSECURE_REGISTRIES=registry.registry.svc.cluster.local:5000");
    assertThat(
            PipelineRunResource.desired(ResourceFixtures.plain(), insecure, null)
                .getSpec()
                .pipelineSpec()
                .tasks()
                .get(1)
                .params())
        .extracting(p -> p.name())
        .doesNotContain("INSECURE_REGISTRIES");
  }

  /** D1: the clone user and the builder's user share the volume through the pod's fsGroup. */
  @Test
  void buildPodsGetTheConfiguredFsGroup() {
    PipelineRun pr = PipelineRunResource.desired(ResourceFixtures.plain(), settings, null);
    assertThat(pr.getSpec().taskRunTemplate().podTemplate().securityContext().getFsGroup())
        .isEqualTo(65532L);

    ChildSettings none =
        new ChildSettings(
            settings.builderImage(),
            "",
            null,
            settings.tasksNamespace(),
            settings.gitCloneTask(),
            settings.buildpacksTask(),
            settings.workspaceSize(),
            settings.storageClass(),
            settings.insecureRegistries(),
            settings.otelEndpoint(),
            settings.daprTracingConfig(),
            settings.buildHistory());
    PipelineRun platform = PipelineRunResource.desired(ResourceFixtures.plain(), none, null);
    assertThat(platform.getSpec().taskRunTemplate().podTemplate()).isNull();
    assertThat(platform.getSpec().pipelineSpec().tasks().get(1).params())
        .extracting(p -> p.name())
        .doesNotContain("RUN_IMAGE");
  }

  /** D8: Tekton deletes the workspace's claim when the run finishes; kept runs keep no volume. */
  @Test
  void workspaceClaimIsCleanedUpWhenTheRunFinishes() {
    PipelineRun pr = PipelineRunResource.desired(ResourceFixtures.plain(), settings, null);
    assertThat(pr.getMetadata().getAnnotations())
        .containsEntry(PipelineRunResource.AUTO_CLEANUP_PVC_ANNOTATION, "true");
    var binding = pr.getSpec().workspaces().get(0);
    assertThat(binding.volumeClaimTemplate()).isNotNull();
    assertThat(binding.volumeClaimTemplate().getSpec().getResources().getRequests().get("storage"))
        .hasToString("1Gi");
  }
}
