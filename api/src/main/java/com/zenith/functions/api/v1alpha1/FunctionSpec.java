package com.zenith.functions.api.v1alpha1;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.fabric8.generator.annotation.Default;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;

/** What the user asks for: source, build, deployment, eventing and observability. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
  "gitRepo",
  "gitRevision",
  "gitAuthSecretName",
  "build",
  "deploy",
  "eventing",
  "observability"
})
public record FunctionSpec(
    @JsonPropertyDescription(
            "Git URL of the function's source: https://, http://, ssh://, git://, file:// or"
                + " scp-like user@host:path.")
        @Required
        @Pattern(Patterns.GIT_URL)
        @Size(max = 2048)
        String gitRepo,
    @JsonPropertyDescription(
            "Branch, tag or commit to build. Changing it starts a new build. Defaults to main.")
        @Default("main")
        @Pattern(Patterns.GIT_REVISION)
        @Size(max = 255)
        String gitRevision,
    @JsonPropertyDescription(
            "Name of a Secret in the Function's namespace with the credentials to clone gitRepo"
                + " (basic-auth or ssh-auth, annotated for Tekton).")
        @Pattern(Patterns.DNS1123_SUBDOMAIN)
        @Size(max = 253)
        String gitAuthSecretName,
    @JsonPropertyDescription("How the function's image is built and where it is pushed.") @Required
        BuildSpec build,
    @JsonPropertyDescription("How the function runs: environment, Dapr, scale and visibility.")
        @Required
        DeploySpec deploy,
    @JsonPropertyDescription("The broker and filters of the events this function subscribes to.")
        EventingSpec eventing,
    @JsonPropertyDescription("Tracing settings of the function.")
        ObservabilitySpec observability) {}
