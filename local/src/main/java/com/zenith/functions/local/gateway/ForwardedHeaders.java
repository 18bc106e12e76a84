package com.zenith.functions.local.gateway;

import io.vertx.core.MultiMap;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * The header rules of one proxy hop: end-to-end headers are copied, hop-by-hop ones (RFC 9110
 * 7.6.1, and those the Connection header names) are not. Per request, so without allocation.
 */
final class ForwardedHeaders {
  private ForwardedHeaders() {}

  /** Copies the end-to-end headers of {@code from} into {@code to}; never Host. */
  static void copy(MultiMap from, MultiMap to) {
    copy(from, from.get(HttpHeaders.CONNECTION), to::add);
  }

  /** The same for Netty's headers (the gateway's front). */
  static void copy(
      io.netty.handler.codec.http.HttpHeaders from, io.netty.handler.codec.http.HttpHeaders to) {
    copy(from, from.get(HttpHeaders.CONNECTION), to::add);
  }

  private static void copy(
      Iterable<Map.Entry<String, String>> from, String connection, BiConsumer<String, String> to) {
    for (Map.Entry<String, String> h : from) {
      String name = h.getKey();
      if (!hopByHop(name) && (connection == null || !namedIn(connection, name))) {
        to.accept(name, h.getValue());
      }
    }
  }

  /** True for the hop-by-hop headers and Host (which the proxy sets itself). */
  static boolean hopByHop(String name) {
    return switch (name.length()) {
      case 2 -> name.equalsIgnoreCase("te");
      case 4 -> name.equalsIgnoreCase("host");
      case 7 -> name.equalsIgnoreCase("upgrade") || name.equalsIgnoreCase("trailer");
      case 10 -> name.equalsIgnoreCase("connection") || name.equalsIgnoreCase("keep-alive");
      case 16 -> name.equalsIgnoreCase("proxy-connection");
      case 17 -> name.equalsIgnoreCase("transfer-encoding");
      case 18 -> name.equalsIgnoreCase("proxy-authenticate");
      case 19 -> name.equalsIgnoreCase("proxy-authorization");
      default -> false;
    };
  }

  /** True when {@code name} is one of the comma-separated tokens of a Connection header. */
  static boolean namedIn(String connection, String name) {
    int n = connection.length();
    int i = 0;
    while (i < n) {
      int end = connection.indexOf(',', i);
      if (end < 0) {
        end = n;
      }
      int from = i;
      int to = end;
      while (from < to && blank(connection.charAt(from))) {
        from++;
      }
      while (to > from && blank(connection.charAt(to - 1))) {
        to--;
      }
      if (to - from == name.length() && connection.regionMatches(true, from, name, 0, to - from)) {
        return true;
      }
      i = end + 1;
    }
    return false;
  }

  private static boolean blank(char c) {
    return c == ' ' || c == '\t';
  }

  /** The request's Content-Length, or -1 when absent or not a number. */
  static long contentLength(HttpServerRequest req) {
    String v = req.headers().get(HttpHeaders.CONTENT_LENGTH);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** The host without {@code :80}, as a client sends it for the default port. */
  static String stripPortIfDefault(String host) {
    return host != null && host.endsWith(":80") ? host.substring(0, host.length() - 3) : host;
  }
}
