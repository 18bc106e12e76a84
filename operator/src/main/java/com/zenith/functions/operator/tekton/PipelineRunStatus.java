package com.zenith.functions.operator.tekton;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.List;

/** What Tekton reports about a PipelineRun: its Succeeded condition, results and TaskRuns. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record PipelineRunStatus(
    List<Condition> conditions, List<Result> results, List<ChildReference> childReferences) {

  /** A pipeline result. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Result(String name, String value) {}

  /** A TaskRun (or Run) started for a pipeline task. */
  @JsonInclude(JsonInclude.Include.NON_NULL)
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record ChildReference(String kind, String name, String pipelineTaskName) {}
}
