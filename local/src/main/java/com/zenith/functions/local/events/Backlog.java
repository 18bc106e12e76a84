package com.zenith.functions.local.events;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * One trigger's deliveries not yet attempted, in order: at most {@link EventLimits#heldEvents()}
 * with their events in memory ({@link EventLimits#heldBytes()} of journal lines), the rest as their
 * places in the journal only, to be read back as the part in memory shrinks. Not thread-safe: its
 * {@link Dispatcher} guards it.
 */
final class Backlog {
  private final EventLimits limits;
  private final ArrayDeque<Dispatcher.Delivery> held = new ArrayDeque<>();
  private final ArrayDeque<Dispatcher.Delivery> spilled = new ArrayDeque<>();
  private List<Dispatcher.Delivery> reading = List.of(); // taken from spilled, not yet held
  private long heldBytes;

  Backlog(EventLimits limits) {
    this.limits = limits;
  }

  /** Adds {@code d} at the end: in memory when there is room, else as its journal line only. */
  void add(Dispatcher.Delivery d) {
    if (d.offset() < 0 || (d.event() != null && fits(d))) {
      hold(d); // (without a journal line it can only wait here)
    } else {
      spilled.add(d.event() == null ? d : d.spilled());
    }
  }

  /** Room in memory, and nothing before it waits in the journal (the order is kept). */
  private boolean fits(Dispatcher.Delivery d) {
    return spilled.isEmpty()
        && reading.isEmpty()
        && (held.isEmpty()
            || (held.size() < limits.heldEvents() && heldBytes + d.length() <= limits.heldBytes()));
  }

  private void hold(Dispatcher.Delivery d) {
    held.add(d);
    heldBytes += d.length();
  }

  /** The next delivery whose event is in memory, or null. */
  Dispatcher.Delivery poll() {
    Dispatcher.Delivery d = held.poll();
    if (d != null) {
      heldBytes -= d.length();
    }
    return d;
  }

  /** Deliveries in memory, being read back, or in the journal. */
  int size() {
    return held.size() + reading.size() + spilled.size();
  }

  /** Deliveries with their events in memory. */
  int held() {
    return held.size();
  }

  /** The journal bytes of the deliveries held in memory. */
  long heldBytes() {
    return heldBytes;
  }

  /**
   * The next deliveries to read back from the journal, once half of what may be held (in number and
   * in bytes) is gone and no other read is under way; else null. As much as fits is taken, and one
   * larger than all of {@link EventLimits#heldBytes()} only when nothing is held. They count as
   * being read until {@link #readBack}.
   */
  List<Dispatcher.Delivery> toReadBack() {
    if (!reading.isEmpty()
        || spilled.isEmpty()
        || held.size() > limits.heldEvents() / 2
        || heldBytes > limits.heldBytes() / 2) {
      return null;
    }
    List<Dispatcher.Delivery> next = new ArrayList<>();
    long bytes = heldBytes;
    while (!spilled.isEmpty()
        && held.size() + next.size() < limits.heldEvents()
        && (bytes + spilled.peek().length() <= limits.heldBytes()
            || (held.isEmpty() && next.isEmpty()))) {
      Dispatcher.Delivery d = spilled.poll();
      bytes += d.length();
      next.add(d);
    }
    if (next.isEmpty()) {
      return null; // the next one is larger than the room left: once the rest has gone
    }
    reading = next;
    return next;
  }

  /** {@code loaded}, the events of the read {@code toReadBack} gave as {@code read}, now held. */
  void readBack(List<Dispatcher.Delivery> read, List<Dispatcher.Delivery> loaded) {
    if (reading != read) {
      return; // cleared meanwhile
    }
    reading = List.of();
    loaded.forEach(this::hold);
  }

  /** Empties it; returns everything it had, in order (those in the journal without events). */
  List<Dispatcher.Delivery> clear() {
    List<Dispatcher.Delivery> all = new ArrayList<>(size());
    all.addAll(held);
    all.addAll(reading);
    all.addAll(spilled);
    held.clear();
    spilled.clear();
    reading = List.of();
    heldBytes = 0;
    return all;
  }
}
