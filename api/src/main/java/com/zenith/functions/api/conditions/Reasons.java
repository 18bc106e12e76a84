package com.zenith.functions.api.conditions;

/**
 * Reason codes shared by both engines. The first nine are the original operator's, kept so that
 * tools written against it keep working.
 */
public final class Reasons {
  private Reasons() {}

  /** A build is running. */
  public static final String BUILDING = "Building";

  /** The build failed; the message names the failing step. */
  public static final String BUILD_FAILED = "BuildFailed";

  /** The build finished but reported no image digest. */
  public static final String BUILD_IMAGE_ERROR = "BuildImageError";

  /** The image is built and the function is being deployed or started. */
  public static final String DEPLOYING = "Deploying";

  /** The Secret named by gitAuthSecretName does not exist. */
  public static final String GIT_AUTH_MISSING = "GitAuthMissing";

  /** A Secret referenced by env or envFrom does not exist. */
  public static final String SECRET_NOT_FOUND = "SecretNotFound";

  /** A ConfigMap referenced by env or envFrom does not exist. */
  public static final String CONFIG_MAP_NOT_FOUND = "ConfigMapNotFound";

  /** The Broker named by eventing.broker does not exist. */
  public static final String BROKER_NOT_FOUND = "BrokerNotFound";

  /** Everything is in place. */
  public static final String READY = "Ready";

  /** The build produced an image for the current spec. */
  public static final String BUILD_SUCCEEDED = "BuildSucceeded";

  /** The Tekton Tasks a build needs are missing or could not be set up. */
  public static final String TASK_SETUP_FAILED = "TaskSetupFailed";

  /** The source could not be fetched (clone failed, directory missing). */
  public static final String SOURCE_UNAVAILABLE = "SourceUnavailable";

  /** The Knative Service (or local process) exists but does not answer yet, or failed. */
  public static final String SERVICE_NOT_READY = "ServiceNotReady";

  /** The local process exited and is being restarted. */
  public static final String PROCESS_CRASHED = "ProcessCrashed";

  /** The Trigger exists but is not ready yet. */
  public static final String TRIGGER_NOT_READY = "TriggerNotReady";

  /** The spec asks for something an engine cannot honour (for example a fieldRef path). */
  public static final String INVALID_SPEC = "InvalidSpec";

  /** The OpenTelemetry Instrumentation object could not be set up. */
  public static final String INSTRUMENTATION_FAILED = "InstrumentationFailed";

  /**
   * Auto-instrumentation is asked for a language this engine cannot attach an agent to (locally:
   * Python, whose agent comes from PyPI; Go, whose agent needs eBPF; .NET).
   */
  public static final String AUTO_INSTRUMENTATION_UNAVAILABLE = "AutoInstrumentationUnavailable";

  /** A child object of that name exists but belongs to someone else. */
  public static final String NAME_CONFLICT = "NameConflict";

  /** The function asks for eventing, but the cluster has no Knative Eventing (no Trigger CRD). */
  public static final String EVENTING_NOT_INSTALLED = "EventingNotInstalled";

  /** Auto-instrumentation is asked, but the cluster has no OpenTelemetry operator. */
  public static final String OTEL_OPERATOR_NOT_INSTALLED = "OpenTelemetryOperatorNotInstalled";

  /**
   * Go auto-instrumentation is asked: it works only when the OpenTelemetry operator has Go
   * instrumentation enabled and may run a privileged agent, which no engine can check.
   */
  public static final String GO_INSTRUMENTATION_NEEDS_SETUP = "GoInstrumentationNeedsSetup";

  /** The API server refused to create or update a child object (HTTP 403). */
  public static final String FORBIDDEN = "Forbidden";

  /** The newest revision failed; the message says which older revision still serves. */
  public static final String REVISION_FAILED = "RevisionFailed";

  /** The git Secret exists but lacks the type or annotation Tekton needs to use it. */
  public static final String GIT_AUTH_UNUSABLE = "GitAuthUnusable";
}
