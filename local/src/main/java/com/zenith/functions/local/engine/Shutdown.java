package com.zenith.functions.local.engine;

/** Closes an engine's parts in the order given, going on past any that fails or never started. */
final class Shutdown {
  private Shutdown() {}

  static void quietly(AutoCloseable... parts) {
    for (AutoCloseable c : parts) {
      if (c != null) {
        try {
          c.close();
        } catch (Exception e) {
          // stopping: nothing more to do with it
        }
      }
    }
  }
}
