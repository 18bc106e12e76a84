package com.zenith.functions.local.gateway;

import io.netty.channel.EventLoop;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The deadlines of the calls in flight on one event loop, checked by one periodic timer (every
 * {@link #TICK_MILLIS} ms, only while some call is in flight) instead of a timer per request: a
 * timer set and cancelled per request costs a map entry and a priority-queue insert and removal,
 * while timeouts are whole seconds. Adding and removing a deadline is O(1). Event-loop confined.
 */
final class Deadlines {
  /** Runs a task every so often on the owning event loop until the returned handle is run. */
  interface Ticker {
    Runnable every(long millis, Runnable tick);
  }

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

  private final Ticker ticker;
  private Entry first;
  private Runnable timer;

  /** Deadlines swept by a Vert.x timer (on the calling context's event loop). */
  Deadlines(Vertx vertx) {
    this(
        (millis, tick) -> {
          long id = vertx.setPeriodic(millis, t -> tick.run());
          return () -> vertx.cancelTimer(id);
        });
  }

  /** Deadlines swept on a Netty event loop. */
  Deadlines(EventLoop loop) {
    this(
        (millis, tick) -> {
          var f = loop.scheduleAtFixedRate(tick, millis, millis, TimeUnit.MILLISECONDS);
          return () -> f.cancel(false);
        });
  }

  private Deadlines(Ticker ticker) {
    this.ticker = ticker;
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
    if (timer == null) {
      timer = ticker.every(TICK_MILLIS, this::sweep);
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
    if (first == null && timer != null) {
      timer.run(); // nothing in flight: no timer at all while idle
      timer = null;
    }
  }
}
