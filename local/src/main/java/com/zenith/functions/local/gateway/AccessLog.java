package com.zenith.functions.local.gateway;

/** Receives one line per request the gateway handled. */
public interface AccessLog {
  /**
   * Records a request.
   *
   * @param caller the calling function's name, or null when not known
   * @param target the function (namespace/name) or the host asked for
   */
  void record(String caller, String method, String target, String path, int status, double millis);

  /** A log that keeps nothing. */
  static AccessLog none() {
    return (caller, method, target, path, status, millis) -> {};
  }
}
