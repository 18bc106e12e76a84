package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/** Which build produced the running image, and from what source. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"name", "gitRepo", "gitRevision", "commit", "image", "digest", "generation"})
public record BuildStatus(
    @JsonPropertyDescription("Name of the build (the PipelineRun in a cluster).") String name,
    @JsonPropertyDescription("Git URL that was built.") String gitRepo,
    @JsonPropertyDescription("Revision that was asked for.") String gitRevision,
    @JsonPropertyDescription("Commit that the revision resolved to.") String commit,
    @JsonPropertyDescription("Image reference the build pushed to.") String image,
    @JsonPropertyDescription("Digest of the pushed image, sha256:...") String digest,
    @JsonPropertyDescription("metadata.generation of the spec that was built.") Long generation) {}
