package com.zenith.functions.local.engine;

/** The console's line prefixes: a padded, bold source name. */
final class Prefixes {
  private Prefixes() {}

  static String of(String name, boolean colour) {
    String p = String.format("%-7s |", name);
    return colour ? "\u001b[1m" + p + "\u001b[0m " : p + " ";
  }
}
