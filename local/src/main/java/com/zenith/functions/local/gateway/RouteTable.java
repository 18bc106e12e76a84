package com.zenith.functions.local.gateway;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Visibility;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Decides, from the host a request names, which function it is for: cluster names ({@code
 * <fn>.<ns>.svc.cluster.local}, {@code <fn>.<ns>.svc}, {@code <fn>.<ns>}, {@code <fn>} in the
 * caller's namespace) and external names ({@code <fn>.<ns>.localhost}, for external functions
 * only). Anything else is unknown and is never forwarded.
 */
public final class RouteTable {
  private static final String CLUSTER_SUFFIX = ".svc.cluster.local";
  private static final String SVC_SUFFIX = ".svc";
  private static final String LOCAL_SUFFIX = ".localhost";

  /** What a host resolves to. */
  public sealed interface Decision permits Forward, Down, Control, Unknown, NotExternal {}

  /** Forward to the function's port. */
  public record Forward(Route route) implements Decision {}

  /** The function exists but does not run now. */
  public record Down(Route route) implements Decision {}

  /** The gateway itself (localhost, 127.0.0.1). */
  public record Control() implements Decision {}

  /** No function has this name. */
  public record Unknown(String host) implements Decision {}

  /** A cluster-local function asked for by its external name. */
  public record NotExternal(Route route) implements Decision {}

  private final Map<String, Route> routes = new ConcurrentHashMap<>();
  // Requests held while their function comes up, by route key; guarded by itself.
  private final Map<String, List<Runnable>> waiting = new java.util.HashMap<>();
  private final Map<Integer, java.util.concurrent.atomic.AtomicInteger> inFlight =
      new ConcurrentHashMap<>();
  // Bumped on every change, so that a resolved host can be remembered until the next one.
  private final java.util.concurrent.atomic.AtomicLong version =
      new java.util.concurrent.atomic.AtomicLong();

  /** A number that changes whenever a route is added, replaced or removed. */
  long version() {
    return version.get();
  }

  /** Adds or replaces a route; requests waiting for it go on once it is up or down for good. */
  public void put(Route route) {
    routes.put(route.key(), route);
    version.incrementAndGet();
    if (!route.activating()) {
      wake(route.key());
    }
  }

  /** Removes the route of namespace/name (its Function was deleted). */
  public void remove(String namespace, String name) {
    routes.remove(namespace + "/" + name);
    version.incrementAndGet();
    wake(namespace + "/" + name);
  }

  /**
   * Runs {@code onChange} once, on the thread that changes the route, when the route of {@code key}
   * stops activating (it is up, down for good, or removed); at once when it is not activating now.
   *
   * @return an action that cancels the wait (the request ended or timed out meanwhile)
   */
  public Runnable awaitSettled(String key, Runnable onChange) {
    synchronized (waiting) {
      Route now = routes.get(key);
      if (now != null && now.activating()) {
        waiting.computeIfAbsent(key, k -> new ArrayList<>()).add(onChange);
        return () -> {
          synchronized (waiting) {
            List<Runnable> list = waiting.get(key);
            if (list != null) {
              list.remove(onChange);
            }
          }
        };
      }
    }
    onChange.run();
    return () -> {};
  }

  /** How many requests wait for the function {@code key} to come up. */
  int waiting(String key) {
    synchronized (waiting) {
      List<Runnable> list = waiting.get(key);
      return list == null ? 0 : list.size();
    }
  }

  private void wake(String key) {
    List<Runnable> ready;
    synchronized (waiting) {
      ready = waiting.remove(key);
    }
    if (ready != null) {
      ready.forEach(Runnable::run);
    }
  }

  /**
   * Counts a request forwarded to {@code port} until the returned action runs (once; later runs do
   * nothing), so that a replaced instance is stopped only when its requests in flight are done.
   */
  public Runnable track(int port) {
    var n = inFlightCounter(port);
    n.incrementAndGet();
    var done = new java.util.concurrent.atomic.AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        n.decrementAndGet();
      }
    };
  }

  /**
   * The live count of requests in flight to {@code port}, for a caller that increments it once per
   * request and decrements it once when the request ends (as {@link #track} does).
   */
  java.util.concurrent.atomic.AtomicInteger inFlightCounter(int port) {
    var n = inFlight.get(port);
    return n != null
        ? n
        : inFlight.computeIfAbsent(port, p -> new java.util.concurrent.atomic.AtomicInteger());
  }

  /** Requests forwarded to {@code port} that have not finished. */
  public int inFlight(int port) {
    var n = inFlight.get(port);
    return n == null ? 0 : n.get();
  }

  /** The route of namespace/name, or null. */
  public Route get(String namespace, String name) {
    return routes.get(namespace + "/" + name);
  }

  /** Every route. */
  public Collection<Route> all() {
    return List.copyOf(routes.values());
  }

  /**
   * Resolves a Dapr app ID to the route of the Dapr-enabled function that has it, or null. As in
   * Dapr, {@code <app-id>.<namespace>} names the namespace and a bare ID means the caller's ({@code
   * default} when the caller is not a function).
   */
  public Route byAppId(String appId, String callerNamespace) {
    if (appId == null || appId.isEmpty()) {
      return null;
    }
    String id = appId.toLowerCase(Locale.ROOT);
    int dot = id.indexOf('.');
    String namespace;
    if (dot >= 0) {
      namespace = id.substring(dot + 1);
      id = id.substring(0, dot);
    } else {
      namespace = callerNamespace == null ? FunctionNames.DEFAULT_NAMESPACE : callerNamespace;
    }
    for (Route r : routes.values()) {
      if (id.equals(r.appId()) && namespace.equals(r.namespace())) {
        return r;
      }
    }
    return null;
  }

  /** The Dapr app IDs known, as {@code <app-id>.<namespace>}, sorted. */
  public List<String> knownAppIds() {
    List<String> out = new ArrayList<>();
    for (Route r : routes.values()) {
      if (r.appId() != null) {
        out.add(r.appId() + "." + r.namespace());
      }
    }
    out.sort(null);
    return out;
  }

  /**
   * Resolves a host (with or without port) as sent in a Host header or an absolute URI.
   *
   * @param callerNamespace the namespace of the calling function, or null when not known
   */
  public Decision resolve(String rawHost, String callerNamespace) {
    String host = stripPort(rawHost == null ? "" : rawHost.trim().toLowerCase(Locale.ROOT));
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (host.isEmpty()
        || host.equals("localhost")
        || host.equals("127.0.0.1")
        || host.equals("::1")
        || host.equals("[::1]")) {
      return new Control();
    }
    boolean external = false;
    String prefix;
    if (host.endsWith(CLUSTER_SUFFIX)) {
      prefix = host.substring(0, host.length() - CLUSTER_SUFFIX.length());
    } else if (host.endsWith(SVC_SUFFIX)) {
      prefix = host.substring(0, host.length() - SVC_SUFFIX.length());
    } else if (host.endsWith(LOCAL_SUFFIX)) {
      prefix = host.substring(0, host.length() - LOCAL_SUFFIX.length());
      external = true;
    } else {
      prefix = host;
    }
    String[] labels = prefix.split("\\.", -1);
    String name;
    String namespace;
    if (labels.length == 2) {
      name = labels[0];
      namespace = labels[1];
    } else if (labels.length == 1 && !external && callerNamespace != null) {
      name = labels[0];
      namespace = callerNamespace;
    } else {
      return new Unknown(host);
    }
    Route route = get(namespace, name);
    if (route == null) {
      return new Unknown(host);
    }
    if (external && route.visibility() != Visibility.EXTERNAL) {
      return new NotExternal(route);
    }
    return route.up() ? new Forward(route) : new Down(route);
  }

  /** Names of the known functions' cluster hosts, for error messages. */
  public List<String> knownHosts() {
    List<String> out = new ArrayList<>();
    for (Route r : routes.values()) {
      out.add(r.name() + "." + r.namespace() + CLUSTER_SUFFIX);
      if (r.visibility() == Visibility.EXTERNAL) {
        out.add(r.name() + "." + r.namespace() + LOCAL_SUFFIX);
      }
    }
    out.sort(null);
    return out;
  }

  static String stripPort(String host) {
    if (host.startsWith("[")) {
      int end = host.indexOf(']');
      return end > 0 ? host.substring(0, end + 1) : host;
    }
    int colon = host.lastIndexOf(':');
    if (colon > 0 && host.indexOf(':') == colon) {
      return host.substring(0, colon);
    }
    return host;
  }
}
