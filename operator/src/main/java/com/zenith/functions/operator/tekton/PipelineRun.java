package com.zenith.functions.operator.tekton;

import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.client.CustomResource;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/**
 * A Tekton {@code tekton.dev/v1} PipelineRun, typed only as far as the operator writes and reads it
 * (there is no fabric8 Tekton model for 7.x). Unknown fields are ignored on read.
 */
@Group(PipelineRun.GROUP)
@Version(PipelineRun.VERSION)
@Kind("PipelineRun")
@Plural("pipelineruns")
public class PipelineRun extends CustomResource<PipelineRunSpec, PipelineRunStatus>
    implements Namespaced {
  /** Tekton's API group. */
  public static final String GROUP = "tekton.dev";

  /** The Tekton API version the operator speaks. */
  public static final String VERSION = "v1";
}
