package com.zenith.functions.local.reconcile;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.schedule.CronSchedule;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.PingSourceScheduler;
import com.zenith.functions.local.events.Trigger;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.store.WatchEvent;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The eventing side of the engine, as Knative Eventing and the operator realize it in a cluster:
 * the Brokers applied to the store (each gets Knative's ingress address in its status), one Trigger
 * per Function with spec.eventing (or BrokerNotFound), and PingSources.
 */
public final class EventingReconciler implements AutoCloseable {
  private final Store store;
  private final EventBroker broker;
  private final Consumer<String> say;
  private final Map<String, Trigger> triggers = new ConcurrentHashMap<>();
  private final Map<String, Running> pingSources = new ConcurrentHashMap<>();

  private record Running(String spec, PingSourceScheduler scheduler) {}

  /** Eventing over {@code broker}, reading Brokers and PingSources from {@code store}. */
  public EventingReconciler(Store store, EventBroker broker, Consumer<String> say) {
    this.store = store;
    this.broker = broker;
    this.say = say;
  }

  /** A Broker was added, changed or deleted. */
  void brokerChanged(WatchEvent e) {
    ObjectNode b = e.object();
    String ns = namespace(b);
    String name = b.path("metadata").path("name").asText();
    if (e.type() == WatchEvent.Type.DELETED) {
      broker.undeclareBroker(ns, name);
      return;
    }
    broker.declareBroker(ns, name);
    if (!b.path("status").path("address").has("url")) {
      ObjectNode status = b.putObject("status");
      status.putObject("address").put("url", FunctionNames.brokerIngressUrl(ns, name));
      status.put("observedGeneration", b.path("metadata").path("generation").asLong(1));
      status
          .putArray("conditions")
          .addObject()
          .put("type", "Ready")
          .put("status", "True")
          .put(
              "lastTransitionTime",
              java.time.Instant.now()
                  .truncatedTo(java.time.temporal.ChronoUnit.SECONDS)
                  .toString());
      try {
        store.updateStatus(ResourceType.BROKER, b);
      } catch (StoreException ex) {
        // deleted meanwhile: its DELETED event follows
      }
    }
  }

  /** A PingSource was added, changed or deleted: (re)start or stop its schedule. */
  void pingSourceChanged(WatchEvent e) {
    ObjectNode p = e.object();
    String ns = namespace(p);
    String name = p.path("metadata").path("name").asText();
    String key = ns + "/" + name;
    String spec = p.path("spec").toString();
    Running old = pingSources.get(key);
    if (e.type() != WatchEvent.Type.DELETED && old != null && old.spec().equals(spec)) {
      return;
    }
    if (old != null) {
      old.scheduler().close();
      pingSources.remove(key);
    }
    if (e.type() == WatchEvent.Type.DELETED) {
      say.accept("pingsource " + name + " stopped");
      return;
    }
    var s = p.path("spec");
    String target = s.path("sink").path("ref").path("name").asText();
    String schedule = s.path("schedule").asText();
    String data = s.path("data").asText("");
    String contentType =
        s.path("contentType")
            .asText(data.strip().startsWith("{") ? "application/json" : "text/plain");
    CronSchedule cron;
    try {
      cron = CronSchedule.parse(schedule);
    } catch (IllegalArgumentException bad) {
      say.accept("pingsource " + name + ": schedule \"" + schedule + "\": " + bad.getMessage());
      return;
    }
    var scheduler =
        new PingSourceScheduler(
            new PingSourceScheduler.Spec(ns, name, cron, data, contentType, target), broker, say);
    scheduler.start();
    pingSources.put(key, new Running(spec, scheduler));
    say.accept(
        "pingsource " + name + " sends to broker " + target + " on \"" + schedule + "\" (UTC)");
  }

  /** Registers, replaces or removes the Function's Trigger, or reports BrokerNotFound. */
  void subscribe(Function fn, FunctionState state) {
    String ns = FunctionNames.namespace(fn);
    String key = ns + "/" + fn.getMetadata().getName();
    var eventing = fn.getSpec().eventing();
    if (eventing == null || eventing.broker() == null || eventing.broker().isEmpty()) {
      unsubscribe(key);
      state.remove(ConditionTypes.EVENTING_READY);
      return;
    }
    if (!broker.hasBroker(ns, eventing.broker())) {
      unsubscribe(key);
      state.set(
          ConditionTypes.EVENTING_READY,
          ConditionStatus.FALSE,
          Reasons.BROKER_NOT_FOUND,
          FunctionMessages.brokerNotFound(eventing.broker(), ns));
      return;
    }
    Map<String, String> filters = eventing.filters() == null ? Map.of() : eventing.filters();
    Trigger wanted = new Trigger(ns, eventing.broker(), fn.getMetadata().getName(), filters);
    Trigger old = triggers.get(key);
    if (!wanted.equals(old)) {
      if (old != null && !old.key().equals(wanted.key())) {
        broker.removeTrigger(old.namespace(), old.broker(), old.subscriber());
      }
      broker.addTrigger(wanted); // replaces a Trigger of the same name, keeping its queue
      triggers.put(key, wanted);
    }
    state.set(
        ConditionTypes.EVENTING_READY,
        ConditionStatus.TRUE,
        Reasons.READY,
        "Subscribed to broker "
            + eventing.broker()
            + (filters.isEmpty() ? " (all events)." : " with filters " + filters + "."));
  }

  /** Removes the Trigger of namespace/name, if it has one. */
  void unsubscribe(String key) {
    Trigger old = triggers.remove(key);
    if (old != null) {
      broker.removeTrigger(old.namespace(), old.broker(), old.subscriber());
    }
  }

  private static String namespace(ObjectNode o) {
    String ns = o.path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? FunctionNames.DEFAULT_NAMESPACE : ns;
  }

  @Override
  public void close() {
    pingSources.values().forEach(r -> r.scheduler().close());
    pingSources.clear();
  }
}
