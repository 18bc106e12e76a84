package com.zenith.functions.sdk.call;

import java.net.URI;
import java.nio.charset.StandardCharsets;

/**
 * A call to another function failed: names the target, method, URL, the last HTTP status (or -1
 * when no response arrived) and how many attempts were made.
 */
public class CallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String target;
  private final String method;
  private final URI uri;
  private final int status;
  private final int attempts;
  private final String responseBody;

  /**
   * @param target the function (or sink) called
   * @param method the HTTP method
   * @param uri the full URL
   * @param status the last HTTP status, or -1 without a response
   * @param attempts attempts made, including the first
   * @param detail what went wrong
   * @param responseBody the last response body (truncated), or null
   * @param cause the transport error, or null
   */
  public CallException(
      String target,
      String method,
      URI uri,
      int status,
      int attempts,
      String detail,
      String responseBody,
      Throwable cause) {
    super(message(target, method, uri, status, attempts, detail, responseBody), cause);
    this.target = target;
    this.method = method;
    this.uri = uri;
    this.status = status;
    this.attempts = attempts;
    this.responseBody = responseBody;
  }

  /** The failure of a call: its target, method and URL with what the last attempt gave. */
  static CallException of(
      CallEngine.Call call, int status, int attempts, String detail, String body, Throwable cause) {
    return new CallException(
        call.target(), call.method(), call.uri(), status, attempts, detail, body, cause);
  }

  /** A transport error as a message puts it: its type, then its message if any. */
  static String describe(Exception e) {
    String m = e.getMessage();
    return e.getClass().getSimpleName() + (m == null || m.isEmpty() ? "" : " " + m);
  }

  /** The start of a response body for a message: at most 512 characters, or null when empty. */
  static String snippet(byte[] body) {
    if (body == null || body.length == 0) {
      return null;
    }
    String s = new String(body, 0, Math.min(body.length, 2048), StandardCharsets.UTF_8).strip();
    return s.length() > 512 ? s.substring(0, 512) + "..." : s;
  }

  private static String message(
      String target, String method, URI uri, int status, int attempts, String detail, String body) {
    var sb = new StringBuilder("call to ").append(target).append(" failed: ");
    sb.append(method).append(' ').append(uri);
    sb.append(status >= 0 ? " -> HTTP " + status : " -> no response");
    sb.append(" after ").append(attempts).append(attempts == 1 ? " attempt" : " attempts");
    if (detail != null && !detail.isEmpty()) {
      sb.append(": ").append(detail);
    }
    if (body != null && !body.isEmpty()) {
      sb.append(" (body: ").append(body).append(')');
    }
    return sb.toString();
  }

  /** The function or sink that was called. */
  public String target() {
    return target;
  }

  /** The HTTP method. */
  public String method() {
    return method;
  }

  /** The full URL called. */
  public URI uri() {
    return uri;
  }

  /** The last HTTP status, or -1 when no response arrived. */
  public int status() {
    return status;
  }

  /** Attempts made, including the first. */
  public int attempts() {
    return attempts;
  }

  /** The last response body, truncated to 512 characters, or null. */
  public String responseBody() {
    return responseBody;
  }
}
