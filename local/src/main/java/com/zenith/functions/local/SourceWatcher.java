package com.zenith.functions.local;

import com.zenith.functions.local.build.SourceHash;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * Watches source directories (recursively, skipping build outputs) and reports, once changes have
 * been quiet for half a second, which function's source changed.
 */
public final class SourceWatcher implements AutoCloseable {
  private static final long QUIET_MILLIS = 500;

  private final WatchService service;
  private final Map<WatchKey, String> keys = new ConcurrentHashMap<>();
  private final Map<WatchKey, Path> dirs = new ConcurrentHashMap<>();
  private final Map<String, Path> roots = new ConcurrentHashMap<>();
  private final Map<String, Long> pending = new ConcurrentHashMap<>();
  private final Consumer<String> onChange;
  private volatile boolean closed;

  public SourceWatcher(Consumer<String> onChange) throws IOException {
    this.service = FileSystems.getDefault().newWatchService();
    this.onChange = onChange;
  }

  public void watch(String function, Path root) throws IOException {
    roots.put(function, root);
    try (Stream<Path> s = Files.walk(root)) {
      for (Path d :
          s.filter(Files::isDirectory)
              .filter(d -> !SourceHash.skipped(root.relativize(d)))
              .toList()) {
        register(function, d);
      }
    }
  }

  private void register(String function, Path dir) throws IOException {
    WatchKey key =
        dir.register(
            service,
            StandardWatchEventKinds.ENTRY_CREATE,
            StandardWatchEventKinds.ENTRY_MODIFY,
            StandardWatchEventKinds.ENTRY_DELETE);
    keys.put(key, function);
    dirs.put(key, dir);
  }

  public void start() {
    Thread.ofPlatform().daemon().name("zenith-watch").start(this::loop);
    Thread.ofPlatform().daemon().name("zenith-watch-debounce").start(this::debounce);
  }

  private void loop() {
    while (!closed) {
      WatchKey key;
      try {
        key = service.take();
      } catch (InterruptedException | ClosedWatchServiceException e) {
        return;
      }
      String function = keys.get(key);
      Path dir = dirs.get(key);
      for (var event : key.pollEvents()) {
        if (function == null || !(event.context() instanceof Path rel)) {
          continue;
        }
        Path changed = dir.resolve(rel);
        if (SourceHash.skipped(roots.get(function).relativize(changed))) {
          continue;
        }
        if (event.kind() == StandardWatchEventKinds.ENTRY_CREATE && Files.isDirectory(changed)) {
          try {
            register(function, changed);
          } catch (IOException e) {
            // a directory that vanished at once: nothing to watch
          }
        }
        pending.put(function, System.currentTimeMillis());
      }
      key.reset();
    }
  }

  private void debounce() {
    while (!closed) {
      long now = System.currentTimeMillis();
      for (var e : pending.entrySet()) {
        if (now - e.getValue() >= QUIET_MILLIS && pending.remove(e.getKey(), e.getValue())) {
          onChange.accept(e.getKey());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      service.close();
    } catch (IOException e) {
      // nothing more to do
    }
  }
}
