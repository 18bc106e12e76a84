package com.zenith.functions.local.gateway;

import java.util.HashMap;
import java.util.Map;

/**
 * The hosts one gateway port has resolved to a running function, remembered until the route table
 * next changes: most requests name a host seen before, and skip parsing it. Bounded (a client may
 * send any Host); event-loop confined.
 */
final class KnownForwards {
  private static final int MAX = 1024;

  private final RouteTable routes;
  private final Map<String, RouteTable.Forward> forwards = new HashMap<>();
  private long version = -1;

  KnownForwards(RouteTable routes) {
    this.routes = routes;
  }

  /** The remembered decision to forward {@code host}, or null. */
  RouteTable.Forward get(String host) {
    long now = routes.version();
    if (now != version) {
      forwards.clear();
      version = now;
    }
    return host == null ? null : forwards.get(host);
  }

  /** Remembers {@code decision} for {@code host} when it is a forward. */
  void remember(String host, RouteTable.Decision decision) {
    if (decision instanceof RouteTable.Forward f && host != null && forwards.size() < MAX) {
      forwards.put(host, f);
    }
  }
}
