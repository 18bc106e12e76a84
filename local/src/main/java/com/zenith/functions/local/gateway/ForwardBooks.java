package com.zenith.functions.local.gateway;

import com.zenith.functions.local.traces.HopObserver;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The books of one call forwarded to a function, kept alike on the decoding path ({@link
 * ForwardExchange}) and the raw one ({@link RawForward}): counted in flight while the function
 * drains, its hop, its deadline (the function's timeout) and its one access-log line.
 */
final class ForwardBooks {
  private final FrontConnection conn;
  private final Route route;
  private final String method;
  private final String path;
  private final long start;
  private final Deadlines.Entry deadline;
  HopObserver.Hop hop = Forwarder.NO_HOP;
  private AtomicInteger inFlight;
  private boolean closed;

  ForwardBooks(
      FrontConnection conn,
      Route route,
      String method,
      String path,
      long start,
      Deadlines.Entry deadline) {
    this.conn = conn;
    this.route = route;
    this.method = method;
    this.path = path;
    this.start = start;
    this.deadline = deadline;
  }

  /** Counts the call in flight, begins its hop (after {@code traceparent}, the caller's). */
  void open(String traceparent) {
    inFlight = conn.inFlight(route.port());
    inFlight.incrementAndGet();
    if (conn.server.hops != HopObserver.NONE) {
      hop = conn.server.hops.begin(conn.server.hopCaller, route.key(), method, path, traceparent);
    }
    conn.loop.deadlines.add(deadline, start + route.timeoutMillis() * 1_000_000);
  }

  /**
   * Closes the books once: the deadline and the in-flight count released, the hop ended with {@code
   * hopStatus} (0: no answer, {@code why} says why), one access-log line with {@code logStatus}.
   * False when they were closed already.
   */
  boolean close(int hopStatus, String why, int logStatus) {
    if (closed) {
      return false;
    }
    closed = true;
    conn.loop.deadlines.remove(deadline);
    inFlight.decrementAndGet();
    hop.end(hopStatus, why);
    conn.server.replies.log(method, route.key(), path, logStatus, start);
    return true;
  }
}
