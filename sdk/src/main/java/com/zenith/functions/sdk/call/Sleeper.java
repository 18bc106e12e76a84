package com.zenith.functions.sdk.call;

import java.time.Duration;

/** Waits between retries; tests inject one that records instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
  /** The real one: {@link Thread#sleep(Duration)}. */
  Sleeper SYSTEM = Thread::sleep;

  /** Waits for {@code duration}. */
  void sleep(Duration duration) throws InterruptedException;
}
