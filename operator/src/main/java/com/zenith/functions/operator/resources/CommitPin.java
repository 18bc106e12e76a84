package com.zenith.functions.operator.resources;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.naming.BuildIdentity;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.tekton.PipelineRun;

/**
 * Pins a build to the commit a moving revision resolved to: the PipelineRun is named by an identity
 * that includes the commit (so a new commit is a new build), records the commit in an annotation,
 * and clones exactly that commit (the branch may have moved again by the time the clone runs).
 * Applied on top of {@link PipelineRunResource#desired}, through the JSON form so that it does not
 * depend on the shape of the spec's records.
 */
public final class CommitPin {

  /** Annotation: the commit the build was pinned to. */
  public static final String COMMIT_ANNOTATION = "functions.zenith.com/git-commit";

  /** The clone task's parameter that names what to check out. */
  static final String REVISION_PARAM = "revision";

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private CommitPin() {}

  /** The identity of the Function's build at {@code commit} (null: unresolved). */
  public static BuildIdentity identity(Function fn, ChildSettings settings, String commit) {
    return PipelineRunResource.identity(fn, settings).withCommit(commit);
  }

  /** The name of the Function's build at {@code commit} (null: the unresolved name). */
  public static String name(Function fn, ChildSettings settings, String commit) {
    return FunctionNames.build(fn.getMetadata().getName(), identity(fn, settings, commit));
  }

  /** The desired PipelineRun, pinned to {@code commit} (null: as {@link PipelineRunResource}). */
  public static PipelineRun desired(Function fn, ChildSettings settings, String commit) {
    PipelineRun pr = PipelineRunResource.desired(fn, settings);
    if (commit == null) {
      return pr;
    }
    BuildIdentity id = identity(fn, settings, commit);
    ObjectNode tree = MAPPER.valueToTree(pr);
    ObjectNode meta = (ObjectNode) tree.path("metadata");
    meta.put("name", FunctionNames.build(fn.getMetadata().getName(), id));
    meta.with("labels").put(PipelineRunResource.BUILD_HASH_LABEL, id.hash());
    meta.with("annotations").put(COMMIT_ANNOTATION, commit);
    for (JsonNode task : tree.path("spec").path("pipelineSpec").path("tasks")) {
      if (PipelineRunResource.FETCH_TASK.equals(task.path("name").asText())) {
        for (JsonNode param : task.path("params")) {
          if (REVISION_PARAM.equals(param.path("name").asText())) {
            ((ObjectNode) param).put("value", commit);
          }
        }
      }
    }
    return MAPPER.convertValue(tree, PipelineRun.class);
  }
}
