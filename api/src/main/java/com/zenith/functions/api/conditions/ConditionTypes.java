package com.zenith.functions.api.conditions;

import java.util.List;

/** Condition types of a Function, knative style: sub-conditions and their summary, Ready. */
public final class ConditionTypes {
  private ConditionTypes() {}

  /** The summary: True only when every sub-condition that applies is True. */
  public static final String READY = "Ready";

  /** The image was built from the current source and pushed (or run locally). */
  public static final String BUILD_SUCCEEDED = "BuildSucceeded";

  /** The function runs and answers at its URL. */
  public static final String SERVICE_READY = "ServiceReady";

  /** The function is subscribed to its broker (only when spec.eventing.broker is set). */
  public static final String EVENTING_READY = "EventingReady";

  /**
   * Auto-instrumentation is in place (only when tracing with auto-instrumentation is asked). Not
   * part of Ready: a tracing problem never keeps a function from serving.
   */
  public static final String TRACING_READY = "TracingReady";

  /** The order sub-conditions are summarized in: the first that is not True explains Ready. */
  public static final List<String> SUB_CONDITIONS =
      List.of(BUILD_SUCCEEDED, SERVICE_READY, EVENTING_READY);
}
