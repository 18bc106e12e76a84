package com.zenith.functions.operator.git;

import java.util.Locale;

/**
 * Compares git URLs by the repository they name, not by spelling: {@code
 * https://github.com/acme/app.git}, {@code git@github.com:acme/app} and {@code
 * ssh://git@github.com/acme/app} are one repository, so a webhook that reports any of them finds
 * every Function built from it.
 */
public final class RepositoryUrls {

  private RepositoryUrls() {}

  /** {@code host/path}, lowercase, without scheme, user, port, {@code .git} or trailing slash. */
  public static String key(String url) {
    if (url == null) {
      return "";
    }
    String u = url.strip();
    int scheme = u.indexOf("://");
    if (scheme >= 0) {
      u = u.substring(scheme + 3);
    } else if (u.matches("^[^/@]+@[^/:]+:.*")) {
      u = u.replaceFirst(":", "/"); // scp-like user@host:path
    }
    int at = u.indexOf('@');
    int slash = u.indexOf('/');
    if (at >= 0 && (slash < 0 || at < slash)) {
      u = u.substring(at + 1);
      slash = u.indexOf('/');
    }
    String host = slash < 0 ? u : u.substring(0, slash);
    String path = slash < 0 ? "" : u.substring(slash);
    host = host.replaceFirst(":\\d+$", "");
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    if (path.endsWith(".git")) {
      path = path.substring(0, path.length() - 4);
    }
    return (host + path).toLowerCase(Locale.ROOT);
  }
}
