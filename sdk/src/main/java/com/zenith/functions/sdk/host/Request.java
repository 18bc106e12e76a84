package com.zenith.functions.sdk.host;

import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.call.CallEngine;
import com.zenith.functions.sdk.trace.TraceContext;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/**
 * The request a handler is answering.
 *
 * @param method HTTP method
 * @param path the decoded path
 * @param rawQuery the raw query string, or null
 * @param headers request headers (names as the JDK server gives them; use {@link #header})
 * @param body the body bytes (empty, never null)
 * @param trace the W3C trace context (the incoming one, or a new root)
 */
public record Request(
    String method,
    String path,
    String rawQuery,
    Map<String, List<String>> headers,
    byte[] body,
    TraceContext trace) {

  /** The first value of a header (case-insensitive), or null. */
  public String header(String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey() != null && e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The first value of a query parameter, decoded, or null. */
  public String query(String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  /** The caller's {@code Idempotency-Key}, or null: the same value on every retry of one call. */
  public String idempotencyKey() {
    return header(CallEngine.IDEMPOTENCY_KEY);
  }

  /** The body as text. */
  public String bodyText() {
    return new String(body, StandardCharsets.UTF_8);
  }

  /**
   * The body as JSON mapped to {@code type}.
   *
   * @throws HttpError 400 when the body is empty or not valid JSON for the type
   */
  public <T> T body(Class<T> type) {
    if (body.length == 0) {
      throw new HttpError(400, "request body is empty, expected JSON");
    }
    try {
      T value = Json.read(body, type);
      if (value == null) {
        throw new HttpError(400, "request body is null, expected a JSON object");
      }
      return value;
    } catch (IOException e) {
      String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
      throw new HttpError(400, "invalid JSON: " + msg, e);
    }
  }
}
