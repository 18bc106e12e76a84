package com.zenith.functions.cli.commands;

/**
 * Turns SIGINT and SIGTERM into a callback, so that zenith dev can stop its functions and still
 * choose its exit code (a shutdown hook cannot).
 */
final class SignalTrap {
  private SignalTrap() {}

  @SuppressWarnings("restriction")
  static void onTerminate(Runnable action) {
    for (String name : new String[] {"INT", "TERM"}) {
      try {
        sun.misc.Signal.handle(new sun.misc.Signal(name), s -> action.run());
      } catch (IllegalArgumentException e) {
        // the signal is not available here: the shutdown hook still stops the functions
      }
    }
  }
}
