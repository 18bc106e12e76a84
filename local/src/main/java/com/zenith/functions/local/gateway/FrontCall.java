package com.zenith.functions.local.gateway;

import io.netty.handler.codec.http.HttpContent;

/** One request on a front connection, as {@link FrontConnection} drives it. Event-loop confined. */
interface FrontCall {
  /** Goes on with the request; called once the connection holds this call. */
  void start();

  /** A part of the request body from the client (its ownership comes with it). */
  void requestContent(HttpContent c);

  /** True once the answer is complete. */
  boolean responseEnded();

  /** Writes out what was queued upstream (the client's read is over). */
  void flushUpstream();

  /** The client connection became writable or not. */
  void clientWritable(boolean writable);

  /** The client went away. */
  void clientGone();

  /**
   * The client sent nothing for the gateway's client timeout in the middle of this request's body;
   * the connection closes next.
   */
  default void clientTimedOut() {
    clientGone();
  }
}
