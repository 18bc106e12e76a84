package com.zenith.functions.local.events;

import com.zenith.functions.local.traces.HopObserver;
import io.cloudevents.CloudEvent;
import java.net.ConnectException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Delivers one trigger's events to its subscriber: at most {@code concurrency} in flight, each sent
 * asynchronously in binary mode; retries and the wait for a subscriber that is down are scheduled
 * on a timer, so a subscriber that never starts holds no thread, only its queue.
 */
final class Dispatcher {
  /** How long to wait before looking again for a subscriber that is down. */
  static final long DOWN_POLL_MS = 100;

  /** One event to deliver to this trigger. */
  record Delivery(long seq, CloudEvent event, Trigger trigger) {}

  /** What became of a delivery. */
  interface Outcomes {
    void delivered(Delivery d, int status, int attempts, SubscriberClient.Answer response);

    void retrying(Delivery d, int status, int attempts);

    void failed(Delivery d, int attempts, String reason);
  }

  private final String namespace;
  private final String subscriber;
  private final DeliveryPolicy policy;
  private final SubscriberClient http;
  private final ScheduledExecutorService timer;
  private final BiFunction<String, String, Integer> subscriberPort;
  private final Outcomes outcomes;
  private final Supplier<HopObserver> hops;
  private final Deque<Delivery> queue = new ArrayDeque<>();
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
      Supplier<HopObserver> hops) {
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
      queue.add(d);
    }
    pump();
  }

  synchronized int queued() {
    return queue.size();
  }

  /** Stops delivering; returns what was not delivered yet (queued or in flight). */
  synchronized List<Delivery> stop() {
    stopped = true;
    List<Delivery> left = new ArrayList<>(active);
    left.addAll(queue);
    queue.clear();
    active.clear();
    return left;
  }

  private void pump() {
    while (true) {
      Delivery d;
      synchronized (this) {
        if (stopped || active.size() >= policy.concurrency() || queue.isEmpty()) {
          return;
        }
        d = queue.poll();
        active.add(d);
      }
      attempt(d, 0);
    }
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
