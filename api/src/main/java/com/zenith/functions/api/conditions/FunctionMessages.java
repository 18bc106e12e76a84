package com.zenith.functions.api.conditions;

/**
 * Condition messages, as English sentences that say what happened and what to do. Both engines use
 * these, so a user reads the same words in {@code kubectl get fn} and {@code zenith get}.
 */
public final class FunctionMessages {
  private FunctionMessages() {}

  /** Ready=True without eventing. */
  public static final String READY = "Function deployed and ready to accept requests";

  /** Ready=True with eventing. */
  public static final String READY_WITH_EVENTING =
      "Function deployed with eventing and ready to accept requests";

  /** A build of {@code revision} has started, pinned to {@code commit} (null: not resolved). */
  public static String buildStarted(String build, String revision, String commit) {
    return "Build "
        + build
        + " of revision "
        + revision
        + (commit == null || commit.isEmpty() ? "" : " at " + commit)
        + " started.";
  }

  /** A moving revision is being resolved before the first build. */
  public static String resolvingRevision(String revision, String repo) {
    return "Resolving revision " + revision + " of " + repo + " to a commit before building.";
  }

  /** A build succeeded. */
  public static String buildSucceeded(String imageDigest, String commit) {
    return "Built "
        + imageDigest
        + (commit == null || commit.isEmpty() ? "" : " from commit " + commit)
        + ".";
  }

  /** A build failed in a named step. */
  public static String buildFailed(String step, String detail) {
    String where =
        step == null || step.isEmpty() ? "The build failed" : "Build step '" + step + "' failed";
    String what = detail == null || detail.isBlank() ? "." : ": " + detail.strip();
    return where
        + what
        + (what.endsWith(".") ? "" : ".")
        + " Fix the source or the spec; a change to gitRevision, gitRepo or build.image starts a new build.";
  }

  /** A build finished without reporting a digest. */
  public static String buildWithoutDigest(String build) {
    return "Build "
        + build
        + " finished but reported no image digest; check that the builder pushed the image to build.image.";
  }

  /** The git auth Secret is missing. */
  public static String gitAuthMissing(String secret, String namespace) {
    return "Git authentication Secret "
        + secret
        + " was not found in namespace "
        + namespace
        + "; create it or remove spec.gitAuthSecretName.";
  }

  /** A referenced Secret is missing. */
  public static String secretNotFound(String secret, String namespace) {
    return "Secret "
        + secret
        + " was not found in namespace "
        + namespace
        + "; create it, or mark the reference optional: true.";
  }

  /** A referenced ConfigMap is missing. */
  public static String configMapNotFound(String configMap, String namespace) {
    return "ConfigMap "
        + configMap
        + " was not found in namespace "
        + namespace
        + "; create it, or mark the reference optional: true.";
  }

  /** The broker is missing. */
  public static String brokerNotFound(String broker, String namespace) {
    return "Broker "
        + broker
        + " was not found in namespace "
        + namespace
        + "; create it, or change spec.eventing.broker.";
  }

  /** The image is built and the service is being rolled out. */
  public static String deploying(String imageDigest) {
    return "Build succeeded; deploying " + imageDigest + ".";
  }

  /** The service exists but is not ready. */
  public static String serviceNotReady(String detail) {
    return "The function is not answering yet"
        + (detail == null || detail.isBlank() ? "." : ": " + detail.strip());
  }

  /** A child object's name is taken by an object the Function does not own. */
  public static String nameConflict(String kind, String name, String namespace) {
    return kind
        + " "
        + name
        + " already exists in namespace "
        + namespace
        + " and is not owned by this Function; delete or rename it.";
  }

  /** The spec asks for something the engine cannot honour. */
  public static String invalidSpec(String detail) {
    return "The spec cannot be honoured: " + detail.strip() + ".";
  }

  /** The OpenTelemetry Instrumentation object could not be set up. */
  public static String instrumentationFailed(String detail) {
    return "Auto-instrumentation could not be set up: "
        + detail.strip()
        + "; check that the OpenTelemetry operator is installed.";
  }

  /** The service waits for an image. */
  public static final String WAITING_FOR_BUILD = "Waiting for a successful build to deploy.";

  /** The service answers. */
  public static String serviceReady(String url) {
    return url == null || url.isEmpty()
        ? "The function is ready."
        : "The function answers at " + url + ".";
  }

  /** The Trigger waits for the service it delivers to. */
  public static final String WAITING_FOR_SERVICE =
      "Waiting for the function's service before subscribing it to the broker.";

  /** The Trigger exists but is not ready. */
  public static String triggerNotReady(String trigger, String detail) {
    return "Trigger "
        + trigger
        + " is not ready"
        + (detail == null || detail.isBlank() ? "." : ": " + detail.strip());
  }

  /** The Trigger is ready. */
  public static String subscribed(String broker) {
    return "Subscribed to broker " + broker + ".";
  }

  /** Eventing is asked on a cluster without Knative Eventing. */
  public static String eventingNotInstalled(String broker) {
    return "Knative Eventing is not installed in this cluster (no Trigger or Broker CRD), so the"
        + " function cannot subscribe to broker "
        + broker
        + "; install Knative Eventing and restart the operator, or remove spec.eventing.";
  }

  /** Auto-instrumentation is asked on a cluster without the OpenTelemetry operator. */
  public static String otelOperatorNotInstalled(String language) {
    return "The OpenTelemetry operator is not installed (no Instrumentation CRD), so no "
        + language
        + " agent is injected; the function runs without auto-instrumentation. Install the"
        + " OpenTelemetry operator and restart the operator, or remove"
        + " observability.tracing.autoInstrumentation.";
  }

  /** Auto-instrumentation is in place. */
  public static String instrumented(String instrumentation, String language) {
    return "Instrumentation " + instrumentation + " injects the " + language + " agent.";
  }

  /** The local engine attached an agent to the process. */
  public static String instrumentedLocally(String language, String agent) {
    return "The " + language + " process starts with " + agent + ".";
  }

  /** The local engine cannot attach an agent for this language. */
  public static String autoInstrumentationUnavailable(String language, String why) {
    return "No "
        + language
        + " auto-instrumentation locally: "
        + why.strip()
        + "; the function runs without an agent (the gateway still records a span per call), or"
        + " instrument the code with the OpenTelemetry SDK.";
  }

  /** Go auto-instrumentation has prerequisites no engine can check. */
  public static String goInstrumentationNeedsSetup(String instrumentation) {
    return "Instrumentation "
        + instrumentation
        + " is set up, but Go auto-instrumentation produces traces only when the OpenTelemetry"
        + " operator runs with Go instrumentation enabled (--enable-go-instrumentation=true, off"
        + " by default) and may start its eBPF agent as a privileged sidecar with a shared"
        + " process namespace, which Knative allows only when its pod-spec feature flags permit;"
        + " otherwise instrument the code with the OpenTelemetry Go SDK.";
  }

  /** The API server refused a child object (403). */
  public static String forbidden(String kind, String name, String detail) {
    return "The API server refused to write "
        + kind
        + " "
        + name
        + ": "
        + (detail == null ? "forbidden" : detail.strip())
        + (detail != null && detail.contains("blockOwnerDeletion")
            ? "; grant the operator update on functions/finalizers (the chart's ClusterRole does)."
            : "; check the operator's RBAC and the cluster's admission policies.");
  }

  /** The newest revision failed while an older one still serves. */
  public static String revisionFailed(
      String failedRevision, String detail, String servingRevision, String servingImage) {
    return "Revision "
        + failedRevision
        + " failed"
        + (detail == null || detail.isBlank() ? "" : ": " + detail.strip())
        + (detail != null && detail.strip().endsWith(".") ? " " : ". ")
        + "Revision "
        + servingRevision
        + " still serves"
        + (servingImage == null ? "" : " " + servingImage)
        + "; fix the function or its spec, a new revision replaces the failed one.";
  }

  /** The git Secret is not one Tekton uses. */
  public static String gitAuthUnusable(String secret, String problem, String annotation) {
    return "Git Secret "
        + secret
        + " "
        + problem
        + ", so Tekton ignores it and the clone cannot authenticate; use type"
        + " kubernetes.io/basic-auth (username, password) or kubernetes.io/ssh-auth"
        + " (ssh-privatekey) and add the annotation "
        + annotation
        + ".";
  }
}
