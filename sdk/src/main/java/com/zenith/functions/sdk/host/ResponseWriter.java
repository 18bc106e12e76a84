package com.zenith.functions.sdk.host;

import com.sun.net.httpserver.HttpExchange;
import com.zenith.functions.sdk.Json;
import com.zenith.functions.sdk.events.CloudEventsHttp;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Sends a handler's result: the body is encoded before anything is written, so that a result that
 * cannot be serialized still gets a 500 (and a warning in the log) instead of a closed connection.
 */
final class ResponseWriter {
  private static final System.Logger LOG = System.getLogger("com.zenith.functions.sdk.host");

  private ResponseWriter() {}

  /** Bytes and the headers they need. */
  private record Encoded(byte[] bytes, Map<String, String> headers, String contentType) {}

  /**
   * Sends {@code result} (an object as JSON 200, null as 204, a {@link Response} as given).
   *
   * @param what "METHOD /path", for the log line when the result cannot be encoded
   * @return the status sent
   */
  static int write(HttpExchange exchange, Object result, String what) throws IOException {
    Response response =
        result instanceof Response r
            ? r
            : result == null ? Response.of(204, null) : Response.of(200, result);
    Encoded encoded;
    try {
      encoded = encode(response.body());
    } catch (RuntimeException e) {
      LOG.log(
          Level.WARNING,
          "{0}: the handler''s result ({1}) cannot be serialized, answered 500: {2}",
          what,
          response.body().getClass().getName(),
          describe(e));
      return writeError(exchange, 500, "internal error: the result could not be serialized");
    }
    var headers = exchange.getResponseHeaders();
    response.headers().forEach(headers::set);
    encoded.headers().forEach(headers::set);
    if (encoded.contentType() != null && !headers.containsKey("Content-Type")) {
      headers.set("Content-Type", encoded.contentType());
    }
    return send(exchange, response.status(), encoded.bytes());
  }

  /** Sends {@code {"error": message, "status": status}}; returns the status. */
  static int writeError(HttpExchange exchange, int status, String message) throws IOException {
    var body = new LinkedHashMap<String, Object>();
    body.put("error", message);
    body.put("status", status);
    exchange.getResponseHeaders().set("Content-Type", "application/json");
    return send(exchange, status, Json.write(body));
  }

  private static Encoded encode(Object body) {
    return switch (body) {
      case null -> new Encoded(new byte[0], Map.of(), null);
      case CloudEvent event -> {
        var m = CloudEventsHttp.toBinary(event);
        yield new Encoded(m.body(), m.headers(), null);
      }
      case byte[] raw -> new Encoded(raw, Map.of(), "application/octet-stream");
      case String text ->
          new Encoded(text.getBytes(StandardCharsets.UTF_8), Map.of(), "text/plain; charset=utf-8");
      default -> new Encoded(Json.write(body), Map.of(), "application/json");
    };
  }

  private static int send(HttpExchange exchange, int status, byte[] bytes) throws IOException {
    boolean noBody = bytes.length == 0 || status == 204 || status == 304;
    exchange.sendResponseHeaders(status, noBody ? -1 : bytes.length);
    if (!noBody) {
      try (var out = exchange.getResponseBody()) {
        out.write(bytes);
      }
    }
    return status;
  }

  private static String describe(Throwable e) {
    var sb = new StringBuilder(String.valueOf(e.getMessage()));
    for (Throwable c = e.getCause(); c != null && c != e; c = c.getCause()) {
      String m = c.getMessage();
      String first = m == null ? "" : m.lines().findFirst().orElse("");
      if (!first.isEmpty() && sb.indexOf(first) < 0) {
        sb.append(": ").append(first);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return sb.toString();
  }
}
