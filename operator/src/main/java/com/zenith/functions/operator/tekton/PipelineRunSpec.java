package com.zenith.functions.operator.tekton;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import java.util.List;

/** The part of a PipelineRun's spec the operator sets: an inline pipeline, its SA and workspace. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineRunSpec(
    PipelineSpec pipelineSpec, TaskRunTemplate taskRunTemplate, List<WorkspaceBinding> workspaces) {

  /** An inline pipeline. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PipelineSpec(
      List<Named> workspaces, List<Param> results, List<PipelineTask> tasks) {}

  /** A task of the pipeline, referring to a Task by name or through a resolver. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PipelineTask(
      String name,
      TaskRef taskRef,
      List<String> runAfter,
      List<Param> params,
      List<WorkspaceUse> workspaces) {}

  /** A reference to a Task: by name and kind, or by resolver and its params. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TaskRef(String name, String kind, String resolver, List<Param> params) {}

  /** A string parameter, or a pipeline result (same shape: name and value). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Param(String name, String value) {}

  /** Something with only a name (a pipeline workspace declaration). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Named(String name) {}

  /** A task's use of a pipeline workspace. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WorkspaceUse(String name, String workspace) {}

  /** The service account the TaskRuns run as, and their pods' template. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record TaskRunTemplate(String serviceAccountName, PodTemplate podTemplate) {}

  /** The part of Tekton's pod template the operator sets: the pod security context. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record PodTemplate(PodSecurityContext securityContext) {}

  /** A workspace backed by a volume claim created for the run (and deleted with it). */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record WorkspaceBinding(String name, PersistentVolumeClaim volumeClaimTemplate) {}
}
