package com.zenith.functions.local.gateway;

import com.zenith.functions.api.v1alpha1.Visibility;

/**
 * Where the gateway sends a function's traffic: its local port while it runs, or why it does not
 * run.
 */
public record Route(
    String name,
    String namespace,
    Visibility visibility,
    String appId,
    int port,
    String downReason) {

  /** True when requests can be forwarded. */
  public boolean up() {
    return port > 0;
  }

  /** The same route, now served at {@code newPort}. */
  public Route servedAt(int newPort) {
    return new Route(name, namespace, visibility, appId, newPort, null);
  }

  /** The same route, down for {@code reason}. */
  public Route down(String reason) {
    return new Route(name, namespace, visibility, appId, 0, reason);
  }

  /** namespace/name. */
  public String key() {
    return namespace + "/" + name;
  }
}
