package com.zenith.functions.cli;

import java.nio.file.Path;
import java.util.Map;

/** Where zenith keeps its cache and state, overridable by environment. */
public final class ZenithDirs {
  private ZenithDirs() {}

  /**
   * Clones and build outputs: $ZENITH_CACHE_DIR, else $XDG_CACHE_HOME/zenith, else ~/.cache/zenith.
   */
  public static Path cache(Map<String, String> env) {
    return pick(env, "ZENITH_CACHE_DIR", "XDG_CACHE_HOME", ".cache");
  }

  /**
   * The session file and logs: $ZENITH_STATE_DIR, else $XDG_STATE_HOME/zenith, else
   * ~/.local/state/zenith.
   */
  public static Path state(Map<String, String> env) {
    return pick(env, "ZENITH_STATE_DIR", "XDG_STATE_HOME", ".local/state");
  }

  private static Path pick(Map<String, String> env, String own, String xdg, String fallback) {
    String v = env.get(own);
    if (v != null && !v.isEmpty()) {
      return Path.of(v);
    }
    String x = env.get(xdg);
    if (x != null && !x.isEmpty()) {
      return Path.of(x, "zenith");
    }
    return Path.of(System.getProperty("user.home"), fallback, "zenith");
  }
}
