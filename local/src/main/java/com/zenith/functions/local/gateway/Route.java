package com.zenith.functions.local.gateway;

import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.Visibility;

/**
 * Where the gateway sends a function's traffic: its local port while it runs, or why it does not
 * run and whether it is coming up by itself (then requests wait for it, as Knative's activator
 * holds them); with the function's request timeout.
 *
 * @param timeoutSeconds the longest a request may take end to end ({@code timeoutSeconds})
 * @param activating true when the function is down but starting (building, starting, restarting
 *     after a crash): requests wait for it, bounded by the timeout
 */
public record Route(
    String name,
    String namespace,
    Visibility visibility,
    String appId,
    int port,
    String downReason,
    int timeoutSeconds,
    boolean activating) {

  /** A route with Knative's default timeout; down for good when {@code port} is 0. */
  public Route(
      String name,
      String namespace,
      Visibility visibility,
      String appId,
      int port,
      String downReason) {
    this(
        name,
        namespace,
        visibility,
        appId,
        port,
        downReason,
        DeploySpec.DEFAULT_TIMEOUT_SECONDS,
        false);
  }

  /** True when requests can be forwarded. */
  public boolean up() {
    return port > 0;
  }

  /** The same route, now served at {@code newPort}. */
  public Route servedAt(int newPort) {
    return new Route(name, namespace, visibility, appId, newPort, null, timeoutSeconds, false);
  }

  /** The same route, down for {@code reason} until something changes (requests get 503). */
  public Route down(String reason) {
    return new Route(name, namespace, visibility, appId, 0, reason, timeoutSeconds, false);
  }

  /** The same route, down for {@code reason} while the function comes up (requests wait). */
  public Route starting(String reason) {
    return new Route(name, namespace, visibility, appId, 0, reason, timeoutSeconds, true);
  }

  /** The request timeout in milliseconds. */
  public long timeoutMillis() {
    return timeoutSeconds * 1000L;
  }

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }
}
