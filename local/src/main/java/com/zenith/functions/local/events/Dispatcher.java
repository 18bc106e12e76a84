package com.zenith.functions.local.events;

import com.zenith.functions.local.traces.HopObserver;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.ConnectException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Delivers one trigger's events to its subscriber: at most {@code concurrency} in flight, each sent
 * asynchronously in binary mode; retries and the wait for a subscriber that is down are scheduled
 * on a timer, so a subscriber that never starts holds no thread, only its {@link Backlog}. Events
 * the backlog keeps in the journal are read back on the loading executor, never on the thread that
 * completes a delivery: a burst, or a subscriber down for long, costs the heap a bounded amount,
 * and a backlog larger than the heap is delivered all the same.
 */
final class Dispatcher {
  /** How long to wait before looking again for a subscriber that is down. */
  static final long DOWN_POLL_MS = 100;

  /**
   * One event to deliver to this trigger; {@code offset} and {@code length} give its journal line
   * (offset -1: none), and {@code event} is null while it waits there rather than in memory.
   */
  record Delivery(long seq, CloudEvent event, Trigger trigger, long offset, int length) {
    Delivery(long seq, CloudEvent event, Trigger trigger) {
      this(seq, event, trigger, -1, 0);
    }

    /** The same delivery, its journal line at {@code p}. */
    Delivery at(EventJournal.Position p) {
      return new Delivery(seq, event, trigger, p.offset(), p.length());
    }

    /** The same delivery with its event: loaded from the journal. */
    Delivery with(CloudEvent e) {
      return new Delivery(seq, e, trigger, offset, length);
    }

    /** The same delivery without its event, which waits in the journal. */
    Delivery spilled() {
      return new Delivery(seq, null, trigger, offset, length);
    }
  }

  /** Reads a delivery's event back from its journal line. */
  interface Loader {
    CloudEvent load(Delivery d) throws IOException;
  }

  /** What became of a delivery. */
  interface Outcomes {
    void delivered(Delivery d, int status, int attempts, SubscriberClient.Answer response);

    void retrying(Delivery d, int status, int attempts);

    void failed(Delivery d, int attempts, String reason);

    /** Its event could not be read back from the journal (it stays pending there). */
    void unreadable(Delivery d, IOException e);
  }

  private final String namespace;
  private final String subscriber;
  private final DeliveryPolicy policy;
  private final SubscriberClient http;
  private final ScheduledExecutorService timer;
  private final BiFunction<String, String, Integer> subscriberPort;
  private final Outcomes outcomes;
  private final Supplier<HopObserver> hops;
  private final Loader loader;
  private final Executor loading;
  private final Backlog backlog;
  private final Set<Delivery> active = Collections.newSetFromMap(new IdentityHashMap<>());
  private final String caller;
  private boolean stopped;

  Dispatcher(
      Trigger trigger,
      DeliveryPolicy policy,
      SubscriberClient http,
      ScheduledExecutorService timer,
      BiFunction<String, String, Integer> subscriberPort,
      Outcomes outcomes,
      Supplier<HopObserver> hops,
      EventLimits limits,
      Loader loader,
      Executor loading) {
    this.backlog = new Backlog(limits);
    this.loader = loader;
    this.loading = loading;
    this.namespace = trigger.namespace();
    this.subscriber = trigger.subscriber();
    this.policy = policy;
    this.http = http;
    this.timer = timer;
    this.subscriberPort = subscriberPort;
    this.outcomes = outcomes;
    this.hops = hops;
    this.caller = "broker:" + trigger.namespace() + "/" + trigger.broker();
  }

  void submit(Delivery d) {
    synchronized (this) {
      if (stopped) {
        return;
      }
      backlog.add(d);
    }
    pump();
  }

  /** Deliveries not yet attempted: in memory, being read back, or waiting in the journal. */
  synchronized int queued() {
    return backlog.size();
  }

  /** Deliveries not yet attempted whose events are in memory. */
  synchronized int held() {
    return backlog.held();
  }

  /**
   * Stops delivering; returns what was not delivered yet (in flight, queued, or waiting in the
   * journal: those without their events).
   */
  synchronized List<Delivery> stop() {
    stopped = true;
    List<Delivery> left = new ArrayList<>(active);
    left.addAll(backlog.clear());
    active.clear();
    return left;
  }

  private void pump() {
    while (true) {
      Delivery d;
      synchronized (this) {
        if (stopped) {
          return;
        }
        List<Delivery> next = backlog.toReadBack();
        if (next != null) {
          readBackLater(next);
        }
        if (active.size() >= policy.concurrency() || (d = backlog.poll()) == null) {
          return;
        }
        active.add(d);
      }
      attempt(d, 0);
    }
  }

  private void readBackLater(List<Delivery> next) {
    try {
      loading.execute(() -> readBack(next));
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the broker is closing: they stay pending in the journal
    }
  }

  /** On the loader thread: reads {@code next}'s events from the journal, then holds them. */
  private void readBack(List<Delivery> next) {
    List<Delivery> loaded = new ArrayList<>(next.size());
    for (Delivery d : next) {
      if (isStopped()) {
        return; // they stay pending in the journal
      }
      try {
        loaded.add(d.with(loader.load(d)));
      } catch (IOException e) {
        if (isStopped()) {
          return; // the broker closed the journal under the read: not a damaged line
        }
        outcomes.unreadable(d, e);
      }
    }
    synchronized (this) {
      if (stopped) {
        return;
      }
      backlog.readBack(next, loaded);
    }
    pump();
  }

  private synchronized boolean isStopped() {
    return stopped;
  }

  private synchronized boolean isActive(Delivery d) {
    return !stopped && active.contains(d);
  }

  private void finish(Delivery d) {
    synchronized (this) {
      if (!active.remove(d)) {
        return;
      }
    }
    pump();
  }

  private void later(long millis, Runnable r) {
    try {
      timer.schedule(r, millis, TimeUnit.MILLISECONDS);
    } catch (java.util.concurrent.RejectedExecutionException e) {
      // the broker is closing: the delivery stays pending in the journal
    }
  }

  private void attempt(Delivery d, int attempts) {
    if (!isActive(d)) {
      return;
    }
    Integer port = subscriberPort.apply(namespace, subscriber);
    if (port == null || port <= 0) {
      later(DOWN_POLL_MS, () -> attempt(d, attempts)); // down or restarting: no retry spent
      return;
    }
    int n = attempts + 1;
    EventCodec.Binary binary = EventCodec.toBinary(d.event());
    Map<String, String> headers = new LinkedHashMap<>(binary.headers());
    // The CloudEvents distributed-tracing extension carries the producer's context.
    Object extension = d.event().getExtension("traceparent");
    HopObserver.Hop hop =
        hops.get()
            .begin(
                caller,
                namespace + "/" + subscriber,
                "POST",
                "/",
                extension == null ? null : extension.toString());
    if (hop.traceparent() != null) {
      headers.put("traceparent", hop.traceparent());
    }
    http.post(port, headers, binary.body(), policy.timeout())
        .whenComplete(
            (res, err) -> {
              hop.end(res == null ? 0 : res.status(), res == null ? failure(err) : null);
              onResult(d, n, res, err);
            });
  }

  private void onResult(Delivery d, int n, SubscriberClient.Answer res, Throwable err) {
    if (!isActive(d)) {
      return;
    }
    int status = res == null ? -1 : res.status();
    String failure = res == null ? failure(err) : "HTTP " + status;
    if (status >= 200 && status < 300) {
      finish(d);
      outcomes.delivered(d, status, n, res);
    } else if (status > 0 && !DeliveryPolicy.retryable(status)) {
      finish(d);
      outcomes.failed(d, n, failure + " is not retried");
    } else if (n > policy.retries()) {
      finish(d);
      outcomes.failed(d, n, "gave up after " + n + " attempts; last: " + failure);
    } else {
      outcomes.retrying(d, status, n);
      later(policy.delay(n).toMillis(), () -> attempt(d, n));
    }
  }

  /** What went wrong with an attempt that got no answer, for the delivery log and dead letters. */
  static String failure(Throwable err) {
    Throwable t = err;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    String m = t.getMessage();
    String why = m == null || m.isBlank() ? t.getClass().getSimpleName() : m;
    if (t instanceof TimeoutException) {
      return why;
    }
    return (t instanceof ConnectException ? "cannot connect: " : "connection failed: ") + why;
  }
}
