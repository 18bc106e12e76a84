package com.zenith.functions.operator.status;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.operator.resources.PipelineRunResource;
import com.zenith.functions.operator.tekton.PipelineRun;
import com.zenith.functions.operator.tekton.PipelineRunStatus;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Pure mapping from what was observed of the build to the BuildSucceeded condition. */
public final class BuildConditions {

  private BuildConditions() {}

  /**
   * The build part of the status.
   *
   * @param condition BuildSucceeded
   * @param build the build whose image the function runs: the current one if it succeeded, else the
   *     last one that did (so a failed rebuild keeps the old image serving), or null
   */
  public record Outcome(Condition condition, BuildStatus build) {

    /** The image to run, {@code image@digest}, or null when nothing was built yet. */
    public String imageDigest() {
      return build == null || build.digest() == null ? null : build.image() + "@" + build.digest();
    }
  }

  /** The failing step of a failed build, as found in its TaskRuns. */
  public record FailedStep(String step, String message) {}

  /**
   * BuildSucceeded from the PipelineRun of the current spec.
   *
   * @param run the PipelineRun for the current build identity, not null
   * @param failure the failing step when the run failed and a TaskRun says which, else null
   * @param previous the build recorded in the status so far, or null
   */
  public static Outcome fromPipelineRun(PipelineRun run, FailedStep failure, BuildStatus previous) {
    String name = run.getMetadata().getName();
    Map<String, String> annotations =
        Objects.requireNonNullElse(run.getMetadata().getAnnotations(), Map.of());
    Optional<io.fabric8.kubernetes.api.model.Condition> succeeded = succeeded(run.getStatus());
    String state = succeeded.map(io.fabric8.kubernetes.api.model.Condition::getStatus).orElse("");
    switch (state) {
      case ConditionStatus.TRUE -> {
        String digest = result(run.getStatus(), PipelineRunResource.DIGEST_RESULT);
        if (digest == null || digest.isEmpty()) {
          return blocked(
              Reasons.BUILD_IMAGE_ERROR, FunctionMessages.buildWithoutDigest(name), previous);
        }
        String generation = annotations.get(PipelineRunResource.GENERATION_ANNOTATION);
        BuildStatus built =
            new BuildStatus(
                name,
                annotations.get(PipelineRunResource.GIT_REPO_ANNOTATION),
                annotations.get(PipelineRunResource.GIT_REVISION_ANNOTATION),
                commit(run, annotations),
                annotations.get(PipelineRunResource.IMAGE_ANNOTATION),
                digest,
                generation == null ? null : Long.valueOf(generation));
        return succeeded(built);
      }
      case ConditionStatus.FALSE -> {
        String step = failure == null ? null : failure.step();
        String detail =
            failure != null && failure.message() != null && !failure.message().isBlank()
                ? failure.message()
                : succeeded.get().getMessage();
        return blocked(Reasons.BUILD_FAILED, FunctionMessages.buildFailed(step, detail), previous);
      }
      default -> {
        return building(
            name,
            annotations.get(PipelineRunResource.GIT_REVISION_ANNOTATION),
            annotations.get(PipelineRunResource.COMMIT_ANNOTATION),
            previous);
      }
    }
  }

  /** BuildSucceeded=True for a build already recorded (its PipelineRun may be pruned). */
  public static Outcome succeeded(BuildStatus built) {
    String imageDigest = built.image() + "@" + built.digest();
    return new Outcome(
        condition(
            ConditionStatus.TRUE,
            Reasons.BUILD_SUCCEEDED,
            FunctionMessages.buildSucceeded(imageDigest, built.commit())),
        built);
  }

  /**
   * BuildSucceeded=Unknown: a build of {@code revision} was started (or is running), pinned to
   * {@code commit} (null: the revision is cloned by name). Said the same way when the build is
   * created and while it runs, so the message does not change under the user.
   */
  public static Outcome building(
      String build, String revision, String commit, BuildStatus previous) {
    return new Outcome(
        condition(
            ConditionStatus.UNKNOWN,
            Reasons.BUILDING,
            FunctionMessages.buildStarted(build, revision, commit)),
        previous);
  }

  /** BuildSucceeded=False: the build cannot start for the reason given. */
  public static Outcome blocked(String reason, String message, BuildStatus previous) {
    return new Outcome(condition(ConditionStatus.FALSE, reason, message), previous);
  }

  /**
   * The failing step from a failed build's TaskRuns (as generic maps): the first TaskRun whose
   * Succeeded condition is False, and in it the first step that terminated with a non-zero exit
   * code. Null when no TaskRun says anything.
   */
  @SuppressWarnings("unchecked")
  public static FailedStep failedStep(
      List<Map<String, Object>> taskRuns, Map<String, String> taskNames) {
    for (Map<String, Object> tr : taskRuns) {
      Map<String, Object> status = (Map<String, Object>) tr.get("status");
      if (status == null) {
        continue;
      }
      List<Map<String, Object>> conditions =
          (List<Map<String, Object>>) status.getOrDefault("conditions", List.of());
      Optional<Map<String, Object>> failed =
          conditions.stream()
              .filter(c -> "Succeeded".equals(c.get("type")) && "False".equals(c.get("status")))
              .findFirst();
      if (failed.isEmpty()) {
        continue;
      }
      Map<String, Object> metadata = (Map<String, Object>) tr.get("metadata");
      String trName = metadata == null ? null : (String) metadata.get("name");
      String task = taskNames.getOrDefault(trName, trName);
      String step = null;
      for (Map<String, Object> s :
          (List<Map<String, Object>>) status.getOrDefault("steps", List.of())) {
        Map<String, Object> terminated = (Map<String, Object>) s.get("terminated");
        if (terminated != null
            && terminated.get("exitCode") instanceof Number code
            && code.intValue() != 0) {
          step = (String) s.get("name");
          break;
        }
      }
      String where = step == null ? task : task + "/" + step;
      return new FailedStep(where, (String) failed.get().get("message"));
    }
    return null;
  }

  private static Optional<io.fabric8.kubernetes.api.model.Condition> succeeded(
      PipelineRunStatus status) {
    if (status == null || status.conditions() == null) {
      return Optional.empty();
    }
    return status.conditions().stream().filter(c -> "Succeeded".equals(c.getType())).findFirst();
  }

  /** The commit the clone reported, else the one the build was pinned to. */
  private static String commit(PipelineRun run, Map<String, String> annotations) {
    String cloned = result(run.getStatus(), PipelineRunResource.COMMIT_RESULT);
    return cloned == null || cloned.isEmpty()
        ? annotations.get(PipelineRunResource.COMMIT_ANNOTATION)
        : cloned;
  }

  private static String result(PipelineRunStatus status, String name) {
    if (status == null || status.results() == null) {
      return null;
    }
    return status.results().stream()
        .filter(r -> name.equals(r.name()))
        .map(r -> r.value() == null ? null : r.value().strip())
        .findFirst()
        .orElse(null);
  }

  private static Condition condition(String status, String reason, String message) {
    return Conditions.of(ConditionTypes.BUILD_SUCCEEDED, status, reason, message);
  }
}
