package com.zenith.functions.local.gateway;

import io.vertx.core.json.JsonObject;

/**
 * How a call forwarded to a function ends other than by its answer, alike on the decoding path
 * ({@link ForwardExchange}) and the raw one ({@link RawForward}): its timeout (504), a port that
 * refuses (503), a function that fails before answering (502, or the client's line cut once part of
 * the answer is out), and a client that goes away or times out (logged, the upstream call cut).
 * Event-loop confined.
 */
interface ForwardEnds extends FrontCall {
  /** The connection the call came on. */
  FrontConnection conn();

  /** The function's route. */
  Route route();

  /** The host the request named. */
  String host();

  /** True once the answer's head went to the client. */
  boolean headWritten();

  /** The answer's status, once its head went out. */
  int status();

  /** Ends the call once, its books closed ({@link ForwardBooks#close}); false if it had ended. */
  boolean finish(int hopStatus, String why, int logStatus);

  /** Cuts the call to the function, if one is open. */
  void cancelUpstream();

  /** The gateway answers by itself (the call has ended). */
  void answer(int code, JsonObject body);

  /** The function's timeout ran out. */
  default void timedOut() {
    if (!finish(0, Replies.timeoutNote(route()), 504)) {
      return;
    }
    cancelUpstream();
    if (headWritten()) {
      conn().channel().close(); // part of the answer is out: the client sees the line cut
      return;
    }
    answer(504, Replies.timedOut(route(), host()));
  }

  /** The function's port did not take the connection. */
  default void notAnswering(Throwable cause) {
    if (finish(0, cause.getMessage(), 503)) {
      answer(503, Replies.notAnswering(route(), host(), cause));
    }
  }

  /** The function's line failed before the answer was whole, for {@code why}. */
  default void failed(String why) {
    if (headWritten()) {
      finish(0, why, status());
      conn().channel().close(); // part of the answer is out: the client sees the line cut
      return;
    }
    finish(0, why, 502);
    answer(502, Replies.error("function " + route().name() + " failed: " + why, host()));
  }

  @Override
  default void clientTimedOut() {
    endByClient(
        Replies.CLIENT_TIMED_OUT, "the client kept the gateway waiting past its client timeout");
  }

  @Override
  default void clientGone() {
    endByClient(Replies.CLIENT_CLOSED, "the client closed the connection before the answer");
  }

  /** The client ended the call before its answer did: logged with {@code code}, upstream cut. */
  private void endByClient(int code, String why) {
    if (!responseEnded() && finish(code, why, code)) {
      cancelUpstream();
    }
  }
}
