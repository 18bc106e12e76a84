package com.zenith.functions.sdk.call;

import java.net.URI;

/** The target's circuit breaker is open: the call failed fast, without touching the network. */
public final class CircuitOpenException extends CallException {
  private static final long serialVersionUID = 1L;

  /**
   * @param target the function whose breaker is open
   * @param method the HTTP method
   * @param uri the URL that was not called
   * @param attempts attempts made before the breaker refused (0 when it refused the first)
   */
  public CircuitOpenException(String target, String method, URI uri, int attempts) {
    super(target, method, uri, -1, attempts, "circuit breaker is open, failing fast", null, null);
  }
}
