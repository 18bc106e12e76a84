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

  /**
   * Removes, in place, the hop-by-hop headers of a Netty head, keeping the rest as they are (and
   * Host, which the caller then sets): nothing copied, and nothing allocated when there is none.
   */
  static void strip(io.netty.handler.codec.http.HttpHeaders h) {
    String connection = h.get(HttpHeaders.CONNECTION);
    java.util.List<CharSequence> drop = null;
    for (var it = h.iteratorCharSequence(); it.hasNext(); ) {
      CharSequence name = it.next().getKey();
      if ((hopByHop(name) && !is(name, "host"))
          || (connection != null && namedIn(connection, name.toString()))) {
        if (drop == null) {
          drop = new java.util.ArrayList<>(4);
        }
        drop.add(name); // the iterator cannot remove
      }
    }
    if (drop != null) {
      drop.forEach(h::remove);
    }
  }

  /**
   * The protocol a request asks to switch to (its Upgrade header, when its Connection header names
   * upgrade), or null.
   */
  static String upgradeAsked(io.netty.handler.codec.http.HttpHeaders h) {
    String connection = h.get(HttpHeaders.CONNECTION);
    String upgrade = h.get(HttpHeaders.UPGRADE);
    return connection != null && upgrade != null && namedIn(connection, "upgrade") ? upgrade : null;
  }

  /** Sets the two headers of a protocol switch to {@code protocol} (after {@link #strip}). */
  static void setUpgrade(io.netty.handler.codec.http.HttpHeaders h, String protocol) {
    h.set(HttpHeaders.CONNECTION, "upgrade");
    h.set(HttpHeaders.UPGRADE, protocol);
  }

  /** True for the hop-by-hop headers and Host (which the proxy sets itself). */
  static boolean hopByHop(CharSequence name) {
    return switch (name.length()) {
      case 2 -> is(name, "te");
      case 4 -> is(name, "host");
      case 7 -> is(name, "upgrade") || is(name, "trailer");
      case 10 -> is(name, "connection") || is(name, "keep-alive");
      case 16 -> is(name, "proxy-connection");
      case 17 -> is(name, "transfer-encoding");
      case 18 -> is(name, "proxy-authenticate");
      case 19 -> is(name, "proxy-authorization");
      default -> false;
    };
  }

  private static boolean is(CharSequence name, String lower) {
    return io.netty.util.AsciiString.contentEqualsIgnoreCase(name, lower);
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
