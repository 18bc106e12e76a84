package com.zenith.functions.operator.status;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.tekton.PipelineRun;
import com.zenith.functions.operator.tekton.PipelineRunStatus;
import io.fabric8.kubernetes.api.model.ConditionBuilder;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BuildConditionsTest {

  private static final BuildStatus OLD =
      new BuildStatus("fn-build-old", "https://g/x", "main", "c1", "reg/x:1", "sha256:old", 1L);

  private static PipelineRun run(String succeeded, List<PipelineRunStatus.Result> results) {
    PipelineRun pr = new PipelineRun();
    pr.setMetadata(
        new ObjectMetaBuilder()
            .withName("fn-build-new")
            .withAnnotations(
                Map.of(
                    PipelineRunResource.GIT_REPO_ANNOTATION, "https://g/x",
                    PipelineRunResource.GIT_REVISION_ANNOTATION, "v2",
                    PipelineRunResource.IMAGE_ANNOTATION, "reg/x:1",
                    PipelineRunResource.GENERATION_ANNOTATION, "5"))
            .build());
    if (succeeded != null) {
      pr.setStatus(
          new PipelineRunStatus(
              List.of(
                  new ConditionBuilder()
                      .withType("Succeeded")
                      .withStatus(succeeded)
                      .withMessage("Tasks Completed: 1 (Failed: 1)")
                      .build()),
              results,
              null));
    }
    return pr;
  }

  @Test
  void runningBuildKeepsThePreviousImage() {
    var outcome = BuildConditions.fromPipelineRun(run(null, null), null, OLD);
    assertThat(outcome.condition().reason()).isEqualTo(Reasons.BUILDING);
    assertThat(outcome.imageDigest()).isEqualTo("reg/x:1@sha256:old");
  }

  @Test
  void runningPinnedBuildSaysTheCommitAsWhenItWasStarted() {
    PipelineRun pr = run(null, null);
    var annotations = new java.util.HashMap<>(pr.getMetadata().getAnnotations());
    annotations.put(PipelineRunResource.COMMIT_ANNOTATION, "c0ffee");
    pr.getMetadata().setAnnotations(annotations);

    var running = BuildConditions.fromPipelineRun(pr, null, OLD).condition().message();

    assertThat(running).isEqualTo("Build fn-build-new of revision v2 at c0ffee started.");
    assertThat(running)
        .isEqualTo(
            BuildConditions.building("fn-build-new", "v2", "c0ffee", OLD).condition().message());
  }

  @Test
  void successRecordsWhatWasBuiltFromTheRunNotTheSpec() {
    var outcome =
        BuildConditions.fromPipelineRun(
            run(
                "True",
                List.of(
                    new PipelineRunStatus.Result("APP_IMAGE_DIGEST", " sha256:new\n"),
                    new PipelineRunStatus.Result("COMMIT", "abc123"))),
            null,
            OLD);
    assertThat(outcome.condition().status()).isEqualTo("True");
    assertThat(outcome.build())
        .isEqualTo(
            new BuildStatus(
                "fn-build-new", "https://g/x", "v2", "abc123", "reg/x:1", "sha256:new", 5L));
    assertThat(outcome.condition().message()).contains("abc123");
  }

  @Test
  void successWithoutDigestIsAnImageError() {
    var outcome = BuildConditions.fromPipelineRun(run("True", List.of()), null, null);
    assertThat(outcome.condition().reason()).isEqualTo(Reasons.BUILD_IMAGE_ERROR);
    assertThat(outcome.build()).isNull();
  }

  @Test
  void failureNamesTheFailingStep() {
    var step =
        BuildConditions.failedStep(
            List.of(
                Map.of(
                    "metadata", Map.of("name", "tr-1"),
                    "status",
                        Map.of(
                            "conditions",
                                List.of(
                                    Map.of(
                                        "type",
                                        "Succeeded",
                                        "status",
                                        "False",
                                        "message",
                                        "exit 1")),
                            "steps",
                                List.of(
                                    Map.of("name", "prepare", "terminated", Map.of("exitCode", 0)),
                                    Map.of(
                                        "name", "build", "terminated", Map.of("exitCode", 2)))))),
            Map.of("tr-1", "build-and-push"));
    assertThat(step).isEqualTo(new BuildConditions.FailedStep("build-and-push/build", "exit 1"));

    var outcome = BuildConditions.fromPipelineRun(run("False", null), step, OLD);
    assertThat(outcome.condition().reason()).isEqualTo(Reasons.BUILD_FAILED);
    assertThat(outcome.condition().message()).contains("build-and-push/build").contains("exit 1");
    assertThat(outcome.build()).isEqualTo(OLD);
  }

  @Test
  void failureWithoutTaskRunsUsesTheRunMessage() {
    var outcome = BuildConditions.fromPipelineRun(run("False", null), null, null);
    assertThat(outcome.condition().message()).contains("Tasks Completed: 1 (Failed: 1)");
  }
}
