package com.zenith.functions.sdk.host;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A handler result with its own status or headers; a plain object returned by a handler is sent as
 * JSON with 200, null as 204.
 *
 * @param status HTTP status
 * @param headers extra response headers
 * @param body JSON-mapped object, {@code String} (text), {@code byte[]}, or null
 */
public record Response(int status, Map<String, String> headers, Object body) {
  /** Copies the headers. */
  public Response {
    headers = Map.copyOf(headers);
  }

  /** {@code body} with {@code status}. */
  public static Response of(int status, Object body) {
    return new Response(status, Map.of(), body);
  }

  /** This response with one more header. */
  public Response header(String name, String value) {
    var h = new LinkedHashMap<>(headers);
    h.put(name, value);
    return new Response(status, h, body);
  }
}
