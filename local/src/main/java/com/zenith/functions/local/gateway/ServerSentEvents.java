package com.zenith.functions.local.gateway;

import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;

/** Writes a server-sent event stream (text/event-stream) on a gateway response. */
final class ServerSentEvents {
  private ServerSentEvents() {}

  /** Starts the stream: 200, the content type, no caching, chunked. */
  static void start(HttpServerResponse res) {
    res.setStatusCode(200)
        .setChunked(true)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/event-stream; charset=utf-8")
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .putHeader("X-Content-Type-Options", "nosniff");
    // An initial comment sends the headers at once, so the browser's EventSource opens.
    res.write(": zenith\n\n");
  }

  /** One event; a line break in {@code data} becomes another data line, as the format needs. */
  static String frame(String event, String data) {
    StringBuilder sb = new StringBuilder();
    if (event != null) {
      sb.append("event: ").append(event).append('\n');
    }
    for (String line : data.split("\r\n|\r|\n", -1)) {
      sb.append("data: ").append(line).append('\n');
    }
    return sb.append('\n').toString();
  }

  /** A comment that keeps an idle stream from timing out. */
  static String keepAlive() {
    return ": keep-alive\n\n";
  }
}
