package com.zenith.functions.local.events;

import io.cloudevents.CloudEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/** The triggers of the broker, each with its dispatcher; triggers come and go at run time. */
final class Subscriptions {
  private record Subscription(Trigger trigger, Dispatcher dispatcher) {}

  private final Map<String, Subscription> byKey = new ConcurrentHashMap<>();
  private final Function<Trigger, Dispatcher> dispatchers;

  Subscriptions(Function<Trigger, Dispatcher> dispatchers) {
    this.dispatchers = dispatchers;
  }

  /** Adds a trigger, or updates its broker and filters when one of that name exists. */
  void put(Trigger t) {
    byKey.compute(
        t.key(),
        (k, old) ->
            old == null
                ? new Subscription(t, dispatchers.apply(t))
                : new Subscription(t, old.dispatcher()));
  }

  /** Removes a trigger; returns what its dispatcher had not delivered. */
  List<Dispatcher.Delivery> remove(String key) {
    Subscription s = byKey.remove(key);
    return s == null ? List.of() : s.dispatcher().stop();
  }

  Trigger trigger(String key) {
    Subscription s = byKey.get(key);
    return s == null ? null : s.trigger();
  }

  /** The trigger of {@code key}, or a stand-in naming its subscriber when it no longer exists. */
  Trigger triggerOrOrphan(String key) {
    Trigger t = trigger(key);
    return t != null ? t : Trigger.orphan(key);
  }

  /** Queues a delivery; false when the trigger no longer exists. */
  boolean submit(Dispatcher.Delivery d) {
    Subscription s = byKey.get(d.trigger().key());
    if (s == null) {
      return false;
    }
    s.dispatcher().submit(d);
    return true;
  }

  /** The triggers of broker namespace/name whose filters pass the event. */
  List<Trigger> matching(String namespace, String broker, CloudEvent event) {
    List<Trigger> out = new ArrayList<>();
    for (Subscription s : byKey.values()) {
      Trigger t = s.trigger();
      if (t.namespace().equals(namespace)
          && t.broker().equals(broker)
          && TriggerFilter.matches(t.filters(), event)) {
        out.add(t);
      }
    }
    return out;
  }

  int queued() {
    return byKey.values().stream().mapToInt(s -> s.dispatcher().queued()).sum();
  }

  int held() {
    return byKey.values().stream().mapToInt(s -> s.dispatcher().held()).sum();
  }

  /** Stops every dispatcher (closing: what they hold stays pending in the journal). */
  void stopAll() {
    byKey.values().forEach(s -> s.dispatcher().stop());
  }
}
