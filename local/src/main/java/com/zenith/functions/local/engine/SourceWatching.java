package com.zenith.functions.local.engine;

import com.zenith.functions.local.SourceWatcher;
import com.zenith.functions.local.realize.Realizer;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * {@code --watch}: each function's local source directory is watched from its first build on, and a
 * change rebuilds that function, which swaps in once ready.
 */
final class SourceWatching implements AutoCloseable {
  private final Supplier<Realizer> realizer;
  private final Map<String, Path> watched = new ConcurrentHashMap<>();
  private final SourceWatcher watcher;

  SourceWatching(Supplier<Realizer> realizer) throws IOException {
    this.realizer = realizer;
    this.watcher =
        new SourceWatcher(
            key -> {
              var r = realizer.get().runners().get(key);
              if (r != null) {
                r.rebuild();
              }
            });
    watcher.start();
  }

  /** Called by a runner after a build: watch its source directory if not yet watched. */
  void built(String key, Path dir) {
    if (!dir.equals(watched.get(key))) {
      try {
        watcher.watch(key, dir);
        watched.put(key, dir);
      } catch (IOException e) {
        // gone meanwhile: tried again after the next build
      }
    }
  }

  @Override
  public void close() {
    watcher.close();
  }
}
