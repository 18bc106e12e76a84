package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's watch machinery: a bounded ring of recent changes (the history a watch from a
 * resourceVersion replays; older ones get 410 Gone) and one queue and one virtual thread per
 * watcher, so a slow listener delays only itself. Callers hold the store's write lock around {@link
 * #publish} and {@link #register}, which keeps history and live events in one order.
 */
final class WatchHub {
  private static final Logger LOG = LoggerFactory.getLogger(WatchHub.class);
  private static final AtomicLong IDS = new AtomicLong();

  /** One change in the history. */
  record Change(long resourceVersion, ResourceType type, String namespace, WatchEvent event) {}

  private final int capacity;
  private final ArrayDeque<Change> history = new ArrayDeque<>();
  private final List<Watcher> watchers = new CopyOnWriteArrayList<>();
  private long forgottenThrough;

  /**
   * A hub keeping the last {@code capacity} changes; a watch may start from {@code startVersion}
   * (the store's version when it opened) or later.
   */
  WatchHub(int capacity, long startVersion) {
    this.capacity = capacity;
    this.forgottenThrough = startVersion;
  }

  /** Records a change and hands it to every matching watcher (call under the write lock). */
  void publish(Change c) {
    history.addLast(c);
    if (history.size() > capacity) {
      forgottenThrough = history.removeFirst().resourceVersion();
    }
    for (Watcher w : watchers) {
      w.offer(c);
    }
  }

  /**
   * Registers a watcher (call under the write lock): it first gets {@code initial} as ADDED, then
   * the history after {@code fromVersion} (when not null), then every new change.
   */
  AutoCloseable register(
      ResourceType type,
      String namespace,
      Long fromVersion,
      List<ObjectNode> initial,
      Consumer<WatchEvent> listener)
      throws StoreException {
    if (fromVersion != null && fromVersion < forgottenThrough) {
      throw StoreException.gone(Long.toString(fromVersion));
    }
    Watcher w = new Watcher(type, namespace, listener);
    for (ObjectNode o : initial) {
      w.queue.add(new WatchEvent(WatchEvent.Type.ADDED, o));
    }
    if (fromVersion != null) {
      for (Change c : history) {
        if (c.resourceVersion() > fromVersion) {
          w.offer(c);
        }
      }
    }
    watchers.add(w);
    w.start();
    return w;
  }

  /** Stops every watcher. */
  void closeAll() {
    for (Watcher w : watchers) {
      w.close();
    }
  }

  private final class Watcher implements AutoCloseable {
    private static final WatchEvent STOP = new WatchEvent(WatchEvent.Type.DELETED, null);
    private final ResourceType type;
    private final String namespace;
    private final Consumer<WatchEvent> listener;
    private final LinkedBlockingQueue<WatchEvent> queue = new LinkedBlockingQueue<>();
    private volatile boolean closed;
    private Thread thread;

    Watcher(ResourceType type, String namespace, Consumer<WatchEvent> listener) {
      this.type = type;
      this.namespace = namespace;
      this.listener = listener;
    }

    void offer(Change c) {
      if (!closed
          && c.type().equals(type)
          && (namespace == null || Objects.equals(namespace, c.namespace()))) {
        queue.add(c.event());
      }
    }

    void start() {
      thread =
          Thread.ofVirtual()
              .name("store-watch-" + type.plural() + "-" + IDS.incrementAndGet())
              .start(this::deliver);
    }

    private void deliver() {
      try {
        while (!closed) {
          WatchEvent e = queue.take();
          if (e == STOP || closed) {
            return;
          }
          try {
            // Each watcher gets its own copy: the history's copy stays untouched.
            listener.accept(new WatchEvent(e.type(), e.object().deepCopy()));
          } catch (RuntimeException ex) {
            LOG.warn("a {} watcher failed on an event: {}", type.plural(), ex.toString());
          }
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    @Override
    public void close() {
      closed = true;
      watchers.remove(this);
      queue.add(STOP);
    }
  }
}
