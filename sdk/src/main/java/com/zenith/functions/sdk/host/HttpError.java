package com.zenith.functions.sdk.host;

/**
 * Thrown by a handler to answer with a status and a JSON error body {@code {"error": message,
 * "status": status}}, e.g. {@code throw new HttpError(404, "no such account")}.
 */
public class HttpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final int status;

  /**
   * @param status HTTP status, 400..599
   * @param message the error text the client sees
   */
  public HttpError(int status, String message) {
    this(status, message, null);
  }

  /**
   * @param status HTTP status, 400..599
   * @param message the error text the client sees
   * @param cause what went wrong (logged, not sent)
   */
  public HttpError(int status, String message, Throwable cause) {
    super(message, cause);
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException("error status must be 400..599, got " + status);
    }
    this.status = status;
  }

  /** The HTTP status. */
  public int status() {
    return status;
  }
}
