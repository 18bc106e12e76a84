package com.zenith.functions.operator.resources;

import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.tekton.PipelineRun;
import com.zenith.functions.operator.tekton.PipelineRunSpec;
import com.zenith.functions.operator.tekton.PipelineRunSpec.Named;
import com.zenith.functions.operator.tekton.PipelineRunSpec.Param;
import com.zenith.functions.operator.tekton.PipelineRunSpec.PipelineTask;
import com.zenith.functions.operator.tekton.PipelineRunSpec.TaskRef;
import com.zenith.functions.operator.tekton.PipelineRunSpec.WorkspaceUse;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder;
import io.fabric8.kubernetes.api.model.PodSecurityContextBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The PipelineRun {@code <fn>-build-<hash>} that clones the source and builds and pushes the image
 * with Cloud Native Buildpacks, through the chart's two Tasks ({@code zenith-git-clone-v1}, {@code
 * zenith-buildpacks-v1}, referenced with Tekton's cluster resolver). Its name hashes what is built
 * (repo, revision, image, builder, and the commit a moving revision resolved to), so a change to
 * any of them starts a new build while an env-only change does not (W3), and a branch that moves is
 * built again. A build pinned to a commit clones exactly that commit (the branch may have moved
 * again by the time the clone runs). What was built is recorded in annotations, so the status can
 * say which build produced the image (W4, W5).
 */
public final class PipelineRunResource {

  /** Annotation: the git URL built. */
  public static final String GIT_REPO_ANNOTATION = "functions.zenith.com/git-repo";

  /** Annotation: the revision built. */
  public static final String GIT_REVISION_ANNOTATION = "functions.zenith.com/git-revision";

  /** Annotation: the commit a moving revision resolved to and the build was pinned to. */
  public static final String COMMIT_ANNOTATION = "functions.zenith.com/git-commit";

  /** Annotation: the image pushed to. */
  public static final String IMAGE_ANNOTATION = "functions.zenith.com/image";

  /** Annotation: the Function's metadata.generation when the build started. */
  public static final String GENERATION_ANNOTATION = "functions.zenith.com/generation";

  /** Label: the build hash, so builds are easy to list. */
  public static final String BUILD_HASH_LABEL = "functions.zenith.com/build-hash";

  /** Pipeline result holding the pushed image's digest. */
  public static final String DIGEST_RESULT = "APP_IMAGE_DIGEST";

  /** Pipeline result holding the commit the revision resolved to. */
  public static final String COMMIT_RESULT = "COMMIT";

  /**
   * Annotation asking Tekton (1.11 and newer) to delete the workspace's volume claim when the run
   * finishes, so kept runs do not keep their volumes (D8).
   */
  public static final String AUTO_CLEANUP_PVC_ANNOTATION = "tekton.dev/auto-cleanup-pvc";

  /** Result of the buildpacks Task holding the pushed image's digest. */
  public static final String TASK_DIGEST_RESULT = "IMAGE_DIGEST";

  /** Result of the clone Task holding the commit checked out. */
  public static final String TASK_COMMIT_RESULT = "commit";

  /** Pipeline task that clones the source. */
  public static final String FETCH_TASK = "fetch-source";

  /** Pipeline task that builds and pushes the image. */
  public static final String BUILD_TASK = "build-and-push";

  private static final String WORKSPACE = "source-workspace";

  private PipelineRunResource() {}

  /**
   * The identity of the build the Function's current spec asks for, at {@code commit} (the commit
   * its revision resolved to; null: unresolved, the revision is cloned by name).
   */
  public static BuildIdentity identity(Function fn, ChildSettings settings, String commit) {
    return BuildIdentity.of(fn, settings.builderImage()).withCommit(commit);
  }

  /** The name of the build the Function's current spec asks for, at {@code commit} (or null). */
  public static String name(Function fn, ChildSettings settings, String commit) {
    return FunctionNames.build(fn.getMetadata().getName(), identity(fn, settings, commit));
  }

  /**
   * The desired PipelineRun for the Function's current spec, pinned to {@code commit} when its
   * revision was resolved (null: the revision is cloned by name, as {@code zenith render} shows).
   */
  public static PipelineRun desired(Function fn, ChildSettings settings, String commit) {
    BuildIdentity id = identity(fn, settings, commit);
    String fnName = fn.getMetadata().getName();
    PipelineRun pr = new PipelineRun();
    var meta = ChildMetadata.of(fn, FunctionNames.build(fnName, id));
    meta.getLabels().put(BUILD_HASH_LABEL, id.hash());
    Map<String, String> annotations = new LinkedHashMap<>();
    annotations.put(GIT_REPO_ANNOTATION, id.gitRepo());
    annotations.put(GIT_REVISION_ANNOTATION, id.gitRevision());
    if (id.commit() != null) {
      annotations.put(COMMIT_ANNOTATION, id.commit());
    }
    annotations.put(IMAGE_ANNOTATION, id.image());
    annotations.put(GENERATION_ANNOTATION, String.valueOf(fn.getMetadata().getGeneration()));
    annotations.put(AUTO_CLEANUP_PVC_ANNOTATION, "true");
    meta.setAnnotations(annotations);
    pr.setMetadata(meta);

    PipelineTask fetch =
        new PipelineTask(
            FETCH_TASK,
            taskRef(settings, settings.gitCloneTask()),
            null,
            List.of(
                new Param("url", id.gitRepo()),
                new Param("revision", id.commit() != null ? id.commit() : id.gitRevision())),
            List.of(new WorkspaceUse("output", WORKSPACE)));
    List<Param> buildParams = new ArrayList<>();
    buildParams.add(new Param("APP_IMAGE", id.image()));
    buildParams.add(new Param("BUILDER_IMAGE", id.builder()));
    if (settings.runImage() != null && !settings.runImage().isEmpty()) {
      buildParams.add(new Param("RUN_IMAGE", settings.runImage()));
    }
    String insecure = insecureRegistry(id.image(), settings.insecureRegistries());
    if (insecure != null) {
      buildParams.add(new Param("INSECURE_REGISTRIES", insecure));
    }
    PipelineTask build =
        new PipelineTask(
            BUILD_TASK,
            taskRef(settings, settings.buildpacksTask()),
            List.of(FETCH_TASK),
            List.copyOf(buildParams),
            List.of(new WorkspaceUse("source", WORKSPACE)));
    var pipeline =
        new PipelineRunSpec.PipelineSpec(
            List.of(new Named(WORKSPACE)),
            List.of(
                new Param(
                    DIGEST_RESULT,
                    "$(tasks." + BUILD_TASK + ".results." + TASK_DIGEST_RESULT + ")"),
                new Param(
                    COMMIT_RESULT,
                    "$(tasks." + FETCH_TASK + ".results." + TASK_COMMIT_RESULT + ")")),
            List.of(fetch, build));
    pr.setSpec(
        new PipelineRunSpec(
            pipeline,
            new PipelineRunSpec.TaskRunTemplate(
                FunctionNames.serviceAccount(fnName), podTemplate(settings)),
            List.of(new PipelineRunSpec.WorkspaceBinding(WORKSPACE, volume(settings)))));
    return pr;
  }

  /**
   * The registry of {@code image} if it is one of the configured insecure registries, else null.
   * Only that registry is passed to the build, never the whole list (W10).
   */
  public static String insecureRegistry(String image, List<String> insecureRegistries) {
    int slash = image.indexOf('/');
    if (slash < 0) {
      return null;
    }
    String registry = image.substring(0, slash);
    return insecureRegistries.contains(registry) ? registry : null;
  }

  private static TaskRef taskRef(ChildSettings settings, String task) {
    if (settings.tasksNamespace() == null || settings.tasksNamespace().isEmpty()) {
      return new TaskRef(task, "Task", null, null);
    }
    return new TaskRef(
        null,
        null,
        "cluster",
        List.of(
            new Param("kind", "task"),
            new Param("name", task),
            new Param("namespace", settings.tasksNamespace())));
  }

  /**
   * The build pods' fsGroup: the clone step runs as a non-root user, the build step as the
   * builder's user, and both must write the workspace volume, which block storage mounts as root
   * (D1). Null when the platform assigns one.
   */
  private static PipelineRunSpec.PodTemplate podTemplate(ChildSettings settings) {
    if (settings.fsGroup() == null) {
      return null;
    }
    return new PipelineRunSpec.PodTemplate(
        new PodSecurityContextBuilder().withFsGroup(settings.fsGroup()).build());
  }

  private static PersistentVolumeClaim volume(ChildSettings settings) {
    var spec =
        new PersistentVolumeClaimBuilder()
            .withNewSpec()
            .withAccessModes("ReadWriteOnce")
            .withNewResources()
            .addToRequests("storage", new Quantity(settings.workspaceSize()))
            .endResources();
    if (settings.storageClass() != null && !settings.storageClass().isEmpty()) {
      spec = spec.withStorageClassName(settings.storageClass());
    }
    return spec.endSpec().build();
  }
}
