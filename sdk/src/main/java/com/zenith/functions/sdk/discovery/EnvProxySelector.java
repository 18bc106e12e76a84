package com.zenith.functions.sdk.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * A proxy selector that needs no JVM flags: the {@code http.proxyHost}/{@code https.proxyHost}
 * system properties when set (through the JDK's own selector, which honours {@code
 * http.nonProxyHosts}), else the {@code HTTP_PROXY}/{@code http_proxy} and {@code
 * HTTPS_PROXY}/{@code https_proxy} environment variables with {@code NO_PROXY}/{@code no_proxy}.
 * Loopback hosts never go through an environment proxy (as in Go's {@code net/http}).
 *
 * <p>{@code zenith dev} gives each function process {@code HTTP_PROXY} so that cluster URLs such as
 * {@code http://balance-manager.default.svc.cluster.local} reach the local process.
 */
public final class EnvProxySelector extends ProxySelector {
  private static final List<Proxy> DIRECT = List.of(Proxy.NO_PROXY);

  private final Map<String, String> env;
  private final Properties properties;
  private final ProxySelector jdkDefault;

  /**
   * @param env environment variables to read
   * @param properties system properties to read ({@code System.getProperties()} in production)
   */
  public EnvProxySelector(Map<String, String> env, Properties properties) {
    this(env, properties, ProxySelector.getDefault());
  }

  EnvProxySelector(Map<String, String> env, Properties properties, ProxySelector jdkDefault) {
    this.env = Map.copyOf(env);
    this.properties = properties;
    this.jdkDefault = jdkDefault;
  }

  @Override
  public List<Proxy> select(URI uri) {
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return DIRECT;
    }
    if (properties.getProperty(scheme + ".proxyHost") != null && jdkDefault != null) {
      return jdkDefault.select(uri);
    }
    String proxy = firstSet(scheme.toUpperCase(Locale.ROOT) + "_PROXY", scheme + "_proxy");
    String host = uri.getHost();
    if (proxy == null || host == null || isLoopback(host) || noProxy(host)) {
      return DIRECT;
    }
    URI p = URI.create(proxy.contains("://") ? proxy : "http://" + proxy);
    if (p.getHost() == null) {
      return DIRECT;
    }
    int port = p.getPort() != -1 ? p.getPort() : ("https".equals(p.getScheme()) ? 443 : 80);
    return List.of(
        new Proxy(Proxy.Type.HTTP, InetSocketAddress.createUnresolved(p.getHost(), port)));
  }

  @Override
  public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
    // Nothing to remember: the caller's retry policy decides what happens next.
  }

  private String firstSet(String... names) {
    for (String n : names) {
      String v = env.get(n);
      if (v != null && !v.isBlank()) {
        return v.trim();
      }
    }
    return null;
  }

  private static boolean isLoopback(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.equals("localhost")
        || h.endsWith(".localhost")
        || h.startsWith("127.")
        || h.equals("[::1]")
        || h.equals("::1");
  }

  /**
   * {@code NO_PROXY}: {@code *}, exact hosts, and domain suffixes with or without a leading dot.
   */
  private boolean noProxy(String host) {
    String list = firstSet("NO_PROXY", "no_proxy");
    if (list == null) {
      return false;
    }
    String h = host.toLowerCase(Locale.ROOT);
    for (String raw : list.split(",")) {
      String entry = raw.trim().toLowerCase(Locale.ROOT);
      if (entry.isEmpty()) {
        continue;
      }
      if (entry.equals("*")) {
        return true;
      }
      int colon = entry.lastIndexOf(':');
      if (colon > 0 && !entry.contains("]") && entry.indexOf(':') == colon) {
        entry = entry.substring(0, colon); // host:port, port ignored
      }
      String bare = entry.startsWith(".") ? entry.substring(1) : entry;
      if (h.equals(bare) || h.endsWith("." + bare)) {
        return true;
      }
    }
    return false;
  }
}
