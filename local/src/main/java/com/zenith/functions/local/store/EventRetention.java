package com.zenith.functions.local.store;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps v1 Events bounded as the API server's event TTL does: an Event whose last write is older
 * than {@link #TTL} is deleted, and beyond {@link #MAX_EVENTS} the oldest go first. Checked after
 * each Event create and once a minute.
 */
final class EventRetention implements AutoCloseable {
  /** The API server's default --event-ttl. */
  static final Duration TTL = Duration.ofHours(1);

  /** At most this many Events are kept. */
  static final int MAX_EVENTS = 1000;

  private final PersistentStore store;
  private final Clock clock;
  private final ScheduledExecutorService timer;

  EventRetention(PersistentStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "store-event-expiry");
              t.setDaemon(true);
              return t;
            });
    timer.scheduleWithFixedDelay(this::sweep, 1, 60, TimeUnit.SECONDS);
  }

  /** After an Event was created (under the store's lock): drops the oldest beyond the bound. */
  void afterCreate() {
    List<ObjectNode> all = new ArrayList<>();
    store.storedEvents().forEach(all::add);
    if (all.size() > MAX_EVENTS) {
      all.sort(Comparator.comparingLong(EventRetention::version));
      for (ObjectNode e : all.subList(0, all.size() - MAX_EVENTS)) {
        store.expire(e);
      }
    }
  }

  /** Deletes the expired Events and the surplus. */
  void sweep() {
    Instant cutoff = clock.instant().minus(TTL);
    List<ObjectNode> expired = new ArrayList<>();
    for (ObjectNode e : store.storedEvents()) {
      if (lastWrite(e).isBefore(cutoff)) {
        expired.add(e);
      }
    }
    expired.forEach(store::expire);
    afterCreate();
  }

  /** When the Event was last written: the latest of lastTimestamp, eventTime and creation. */
  static Instant lastWrite(ObjectNode e) {
    Instant latest = Instant.EPOCH;
    for (String t :
        new String[] {
          e.path("lastTimestamp").asText(""),
          e.path("eventTime").asText(""),
          e.path("metadata").path("creationTimestamp").asText("")
        }) {
      try {
        Instant i = t.isEmpty() ? Instant.EPOCH : Instant.parse(t);
        latest = i.isAfter(latest) ? i : latest;
      } catch (DateTimeParseException ex) {
        // A malformed time counts as none.
      }
    }
    return latest;
  }

  private static long version(ObjectNode e) {
    return Long.parseLong(e.path("metadata").path("resourceVersion").asText("0"));
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
