package com.zenith.functions.sdk.host;

import io.cloudevents.CloudEvent;

/** The handler shapes the {@link FunctionHost} accepts. */
public final class Handlers {
  private Handlers() {}

  /**
   * Handles a request whose JSON body was bound to {@code I}. Return an object (sent as JSON 200),
   * a {@link Response}, or null (204); throw {@link HttpError} for an error status.
   *
   * @param <I> the request body type
   */
  @FunctionalInterface
  public interface JsonHandler<I> {
    /** Answers one request. */
    Object handle(I body) throws Exception;
  }

  /** Handles a request with full access to it (headers, query, raw body). */
  @FunctionalInterface
  public interface RequestHandler {
    /** Answers one request. */
    Object handle(Request request) throws Exception;
  }

  /**
   * Handles a CloudEvent. Return null (202), a {@link CloudEvent} (the reply event, binary mode),
   * or an object (JSON 200).
   */
  @FunctionalInterface
  public interface EventHandler {
    /** Handles one event. */
    Object handle(CloudEvent event) throws Exception;
  }
}
