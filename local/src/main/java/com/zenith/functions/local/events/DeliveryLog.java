package com.zenith.functions.local.events;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/** The last delivery attempts, for {@code zenith events tail}; not kept across restarts. */
final class DeliveryLog {
  private static final int KEPT = 10_000;

  private final Deque<DeliveryRecord> records = new ArrayDeque<>();
  private long seq;

  synchronized void add(
      String id,
      String type,
      String trigger,
      String subscriber,
      int status,
      int attempts,
      String outcome) {
    records.addLast(
        new DeliveryRecord(++seq, now(), id, type, trigger, subscriber, status, attempts, outcome));
    if (records.size() > KEPT) {
      records.removeFirst();
    }
  }

  /** Records after {@code since}, oldest first. */
  synchronized List<DeliveryRecord> since(long since) {
    return records.stream().filter(r -> r.seq() > since).toList();
  }

  static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }
}
