package com.zenith.functions.local.traces;

/**
 * Sees every request the gateway forwards and every delivery the broker makes: called at the start
 * (before the request goes out, on the calling thread; it must not block) and once at the end.
 * Callers are {@code external} (the gateway's main port), {@code broker:<ns>/<name>} (a delivery)
 * or a function's {@code <ns>/<name>} (its own calling port); callees are {@code <ns>/<name>}.
 */
public interface HopObserver {
  /** Observes nothing and passes the incoming traceparent on unchanged. */
  HopObserver NONE =
      (caller, callee, method, path, traceparent) ->
          new Hop() {
            @Override
            public String traceparent() {
              return traceparent;
            }

            @Override
            public void end(int status, String error) {}
          };

  /**
   * A request from {@code caller} to {@code callee} starts.
   *
   * @param traceparent the W3C traceparent the request arrived with, or null
   */
  Hop begin(String caller, String callee, String method, String path, String traceparent);

  /** One observed hop. */
  interface Hop {
    /** The traceparent to send on (null: send what arrived, i.e. nothing). */
    String traceparent();

    /**
     * The hop ended: {@code status} is the HTTP status, 0 when no answer came; {@code error} says
     * why when there was none (else null). Only the first call counts.
     */
    void end(int status, String error);
  }
}
