package com.zenith.functions.local.gateway;

import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;

/**
 * The deadlines of the calls in flight on one event loop, checked by one periodic timer (every
 * {@link #TICK_MILLIS} ms, only while some call is in flight) instead of a timer per request: a
 * timer set and cancelled per request costs a map entry and a priority-queue insert and removal,
 * while timeouts are whole seconds. Adding and removing a deadline is O(1). Event-loop confined.
 */
final class Deadlines {
  /** How often deadlines are checked: a call expires at most this late. */
  static final long TICK_MILLIS = 100;

  /** Something with a deadline; linked into the list while it is armed. */
  abstract static class Entry {
    private Entry prev;
    private Entry next;
    private long deadlineNanos;
    private boolean armed;

    /** The deadline has passed; called once, on the event loop, after the entry is removed. */
    abstract void expire();
  }

  private final Vertx vertx;
  private Entry first;
  private long timer = -1;

  Deadlines(Vertx vertx) {
    this.vertx = vertx;
  }

  /** Arms {@code e} to expire once {@code System.nanoTime()} passes {@code deadlineNanos}. */
  void add(Entry e, long deadlineNanos) {
    if (e.armed) {
      remove(e);
    }
    e.deadlineNanos = deadlineNanos;
    e.armed = true;
    e.prev = null;
    e.next = first;
    if (first != null) {
      first.prev = e;
    }
    first = e;
    if (timer < 0) {
      timer = vertx.setPeriodic(TICK_MILLIS, id -> sweep());
    }
  }

  /** Disarms {@code e}; nothing when it is not armed. */
  void remove(Entry e) {
    if (!e.armed) {
      return;
    }
    if (e.prev != null) {
      e.prev.next = e.next;
    } else {
      first = e.next;
    }
    if (e.next != null) {
      e.next.prev = e.prev;
    }
    e.prev = null;
    e.next = null;
    e.armed = false;
  }

  private void sweep() {
    long now = System.nanoTime();
    List<Entry> due = null;
    for (Entry e = first; e != null; e = e.next) {
      if (now - e.deadlineNanos >= 0) {
        if (due == null) {
          due = new ArrayList<>();
        }
        due.add(e);
      }
    }
    if (due != null) {
      for (Entry e : due) {
        if (e.armed) { // an earlier expiry may have ended it
          remove(e);
          e.expire();
        }
      }
    }
    if (first == null && timer >= 0) {
      vertx.cancelTimer(timer); // nothing in flight: no timer at all while idle
      timer = -1;
    }
  }
}
