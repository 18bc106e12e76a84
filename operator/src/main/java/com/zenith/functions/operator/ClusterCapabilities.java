package com.zenith.functions.operator;

/**
 * The optional parts of the cluster the operator found at start-up. Without Knative Eventing there
 * are no Trigger and Broker informers and eventing Functions report {@code EventingNotInstalled};
 * without the OpenTelemetry operator auto-instrumented Functions run without an agent and report it
 * in {@code TracingReady}.
 *
 * @param eventing Knative Eventing's Trigger and Broker APIs are served
 * @param instrumentation the OpenTelemetry operator's Instrumentation API is served
 */
public record ClusterCapabilities(boolean eventing, boolean instrumentation) {

  /** A cluster with every optional part. */
  public static ClusterCapabilities all() {
    return new ClusterCapabilities(true, true);
  }
}
