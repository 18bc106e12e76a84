package com.zenith.functions.sdk.discovery;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Finds a function's base URL the way the seed guide does: the environment variable {@code
 * <NAME>_URL} (upper case, {@code -} becomes {@code _}; {@code BALANCE_MANAGER_URL} for {@code
 * balance-manager}) when set, else {@code http://<name>.<namespace>.svc.<cluster domain>}.
 *
 * <p>The cluster URL also works under {@code zenith dev}: the local engine's proxy routes it (see
 * {@link EnvProxySelector}).
 */
public final class ServiceDiscovery {
  private static final Pattern DNS_LABEL = Pattern.compile("[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?");

  private final Map<String, String> env;
  private final String namespace;
  private final String clusterDomain;

  /**
   * @param env where {@code <NAME>_URL} overrides are looked up
   * @param namespace the namespace of the cluster URL ({@code POD_NAMESPACE})
   * @param clusterDomain usually {@code cluster.local}
   */
  public ServiceDiscovery(Map<String, String> env, String namespace, String clusterDomain) {
    this.env = Map.copyOf(env);
    this.namespace = namespace;
    this.clusterDomain = clusterDomain;
  }

  /**
   * The override variable for a function: {@code balance-manager} gives {@code
   * BALANCE_MANAGER_URL}.
   */
  public static String envVarName(String function) {
    return function.toUpperCase(Locale.ROOT).replace('-', '_').replace('.', '_') + "_URL";
  }

  /**
   * The base URL of {@code function}, without a trailing slash.
   *
   * @throws IllegalArgumentException if the name is not a Kubernetes DNS label, or the override is
   *     not an absolute http(s) URL
   */
  public URI resolve(String function) {
    if (function == null || !DNS_LABEL.matcher(function).matches()) {
      throw new IllegalArgumentException(
          "not a function name (lower-case DNS label, at most 63 characters): " + function);
    }
    String name = envVarName(function);
    String override = env.get(name);
    if (override != null && !override.isBlank()) {
      URI uri = URI.create(stripSlash(override.trim()));
      if (!uri.isAbsolute() || uri.getHost() == null || !uri.getScheme().startsWith("http")) {
        throw new IllegalArgumentException(name + " is not an absolute http(s) URL: " + override);
      }
      return uri;
    }
    return URI.create("http://" + function + "." + namespace + ".svc." + clusterDomain);
  }

  private static String stripSlash(String url) {
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }
}
