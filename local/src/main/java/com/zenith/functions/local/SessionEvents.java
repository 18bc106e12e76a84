package com.zenith.functions.local;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.schedule.CronSchedule;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.validation.LoadedDocument;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.EventJournal;
import com.zenith.functions.local.events.PingSourceScheduler;
import com.zenith.functions.local.events.Trigger;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.status.FunctionState;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The eventing side of a session, as the operator realizes it in a cluster: the declared Brokers,
 * one Trigger per Function with spec.eventing (or BrokerNotFound), and PingSources.
 */
final class SessionEvents implements AutoCloseable {
  private final EventBroker broker;
  private final Consumer<String> say;
  private final List<PingSourceScheduler> pingSources = new ArrayList<>();

  /** The broker delivers to the ports in {@code routes} and journals under {@code stateDir}. */
  SessionEvents(
      RouteTable routes, Path stateDir, List<LoadedDocument> brokers, Consumer<String> say) {
    this.say = say;
    this.broker =
        new EventBroker(
            DeliveryPolicy.fromEnv(System.getenv()),
            (ns, name) -> {
              Route r = routes.get(ns, name);
              return r == null ? 0 : r.port();
            },
            new EventJournal(stateDir.resolve("events").resolve("journal.jsonl")),
            line -> say.accept("broker: " + line));
    for (LoadedDocument b : brokers) {
      broker.declareBroker(namespace(b), b.name());
    }
  }

  private static String namespace(LoadedDocument doc) {
    String ns = doc.tree().path("metadata").path("namespace").asText("");
    return ns.isEmpty() ? FunctionNames.DEFAULT_NAMESPACE : ns;
  }

  /** The broker. */
  EventBroker broker() {
    return broker;
  }

  /** Registers the function's Trigger, or reports BrokerNotFound, as the operator would. */
  void subscribe(Function fn, FunctionState state) {
    var eventing = fn.getSpec().eventing();
    if (eventing == null || eventing.broker() == null || eventing.broker().isEmpty()) {
      return;
    }
    String ns = FunctionNames.namespace(fn);
    if (!broker.hasBroker(ns, eventing.broker())) {
      state.set(
          ConditionTypes.EVENTING_READY,
          ConditionStatus.FALSE,
          Reasons.BROKER_NOT_FOUND,
          FunctionMessages.brokerNotFound(eventing.broker(), ns));
      return;
    }
    Map<String, String> filters = eventing.filters() == null ? Map.of() : eventing.filters();
    broker.addTrigger(new Trigger(ns, eventing.broker(), fn.getMetadata().getName(), filters));
    state.set(
        ConditionTypes.EVENTING_READY,
        ConditionStatus.TRUE,
        Reasons.READY,
        "Subscribed to broker "
            + eventing.broker()
            + (filters.isEmpty() ? " (all events)." : " with filters " + filters + "."));
  }

  /** Resumes journaled deliveries (once every Trigger exists), then starts the PingSources. */
  void start(List<LoadedDocument> pingSourceDocs) throws IOException {
    broker.recover();
    for (LoadedDocument doc : pingSourceDocs) {
      startPingSource(doc);
    }
  }

  private void startPingSource(LoadedDocument doc) {
    var spec = doc.tree().path("spec");
    String ns = namespace(doc);
    String target = spec.path("sink").path("ref").path("name").asText();
    String schedule = spec.path("schedule").asText();
    if (!broker.hasBroker(ns, target)) {
      say.accept(
          "pingsource "
              + doc.name()
              + ": broker "
              + ns
              + "/"
              + target
              + " is not declared; its events would be refused, so it does not run");
      return;
    }
    String data = spec.path("data").asText("");
    String contentType =
        spec.path("contentType")
            .asText(data.strip().startsWith("{") ? "application/json" : "text/plain");
    var scheduler =
        new PingSourceScheduler(
            new PingSourceScheduler.Spec(
                ns, doc.name(), CronSchedule.parse(schedule), data, contentType, target),
            broker,
            say);
    scheduler.start();
    pingSources.add(scheduler);
    say.accept(
        "pingsource "
            + doc.name()
            + " sends to broker "
            + target
            + " on \""
            + schedule
            + "\" (UTC)");
  }

  @Override
  public void close() {
    pingSources.forEach(PingSourceScheduler::close);
    broker.close();
  }
}
