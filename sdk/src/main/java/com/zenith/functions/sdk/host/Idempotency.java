package com.zenith.functions.sdk.host;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;

/**
 * Applies a request once per {@code Idempotency-Key}: the first request with a key runs the action;
 * a retry with the same key (even one that arrives while the first is still running) gets the first
 * one's result. A failed action is forgotten, so its retry runs again. Keeps the latest {@code
 * maxKeys} keys, in memory of this process only.
 *
 * <pre>{@code
 * var once = new Idempotency(10_000);
 * host.post("/update", r -> once.apply(r.idempotencyKey(), () -> update(r.body(UpdateRequest.class))));
 * }</pre>
 */
public final class Idempotency {
  private final Map<String, CompletableFuture<Object>> results;

  /**
   * @param maxKeys how many keys to remember (least recently used ones are forgotten)
   */
  public Idempotency(int maxKeys) {
    if (maxKeys < 1) {
      throw new IllegalArgumentException("maxKeys must be >= 1");
    }
    this.results =
        new LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, CompletableFuture<Object>> eldest) {
            return size() > maxKeys;
          }
        };
  }

  /**
   * Runs {@code action} unless {@code key} was seen; then returns the remembered result. A null key
   * always runs the action.
   */
  @SuppressWarnings("unchecked")
  public <T> T apply(String key, Callable<T> action) throws Exception {
    if (key == null || key.isBlank()) {
      return action.call();
    }
    while (true) {
      CompletableFuture<Object> mine = new CompletableFuture<>();
      CompletableFuture<Object> existing;
      synchronized (results) {
        existing = results.putIfAbsent(key, mine);
      }
      if (existing == null) {
        try {
          T value = action.call();
          mine.complete(value);
          return value;
        } catch (Exception | Error e) {
          synchronized (results) {
            results.remove(key, mine);
          }
          mine.completeExceptionally(e);
          throw e;
        }
      }
      try {
        return (T) existing.get();
      } catch (ExecutionException failedFirst) {
        // the first attempt failed and was forgotten: try again
      }
    }
  }

  /** How many keys are remembered now. */
  public int size() {
    synchronized (results) {
      return results.size();
    }
  }
}
