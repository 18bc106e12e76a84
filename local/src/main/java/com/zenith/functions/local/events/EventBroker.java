package com.zenith.functions.local.events;

import com.zenith.functions.local.traces.HopObserver;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * zenith dev's broker: Knative Broker and Trigger semantics on one machine. Accepted events are
 * journaled ({@link EventJournal}), matched against each trigger's filters ({@link EventIngress})
 * and delivered in binary mode to the subscriber's {@code /} ({@link Dispatcher}), at least once:
 * retries with exponential backoff on 5xx, 408, 429 and connection errors, none on other 4xx, then
 * the dead letters ({@link DeadLetters}). A subscriber that is down or restarting is waited for
 * without spending its retries. A CloudEvent in a reply is published back to the broker. Nothing
 * here blocks its caller on I/O: {@link #ingest} answers with a stage.
 */
public final class EventBroker implements AutoCloseable {
  /** What ingesting a request gave: 202 with the events' ids, or an error status and message. */
  public record Ingest(int status, List<String> ids, String message) {
    /** The id of the (first) event accepted, or null. */
    public String id() {
      return ids.isEmpty() ? null : ids.get(0);
    }

    static Ingest refused(int status, String message) {
      return new Ingest(status, List.of(), message);
    }
  }

  private final Set<String> brokers = ConcurrentHashMap.newKeySet();
  private final DeadLetters dead = new DeadLetters();
  private final DeliveryLog log = new DeliveryLog();
  private final EventLimits limits;
  private final EventJournal journal;
  private final Consumer<String> say;
  private final SubscriberClient http;
  private final ScheduledExecutorService timer;
  private final java.util.concurrent.ExecutorService reader;
  private final Subscriptions subscriptions;
  private final EventIngress ingress;
  private final DeliveryOutcomes outcomes;
  private volatile HopObserver hops = HopObserver.NONE;

  /**
   * A broker delivering with {@code policy}; {@code subscriberPort} gives a function's local port
   * (0 while it is down) from its namespace and name.
   */
  public EventBroker(
      DeliveryPolicy policy,
      BiFunction<String, String, Integer> subscriberPort,
      EventJournal journal,
      Consumer<String> log) {
    this(policy, EventLimits.fromEnv(System.getenv()), subscriberPort, journal, log);
  }

  /** A broker with explicit size limits. */
  public EventBroker(
      DeliveryPolicy policy,
      EventLimits limits,
      BiFunction<String, String, Integer> subscriberPort,
      EventJournal journal,
      Consumer<String> log) {
    this.limits = limits;
    this.journal = journal;
    this.say = log;
    this.http =
        new SubscriberClient(policy.concurrency(), Duration.ofSeconds(2), limits.maxEventBytes());
    ScheduledThreadPoolExecutor t =
        new ScheduledThreadPoolExecutor(
            1, r -> Thread.ofPlatform().daemon().name("zenith-events-timer").unstarted(r));
    t.setRemoveOnCancelPolicy(true);
    this.timer = t;
    this.reader =
        java.util.concurrent.Executors.newSingleThreadExecutor(
            r -> Thread.ofPlatform().daemon().name("zenith-events-reader").unstarted(r));
    this.outcomes = new DeliveryOutcomes(journal, dead, this.log, limits, this::publish, this.say);
    this.subscriptions =
        new Subscriptions(
            tr ->
                new Dispatcher(
                    tr,
                    policy,
                    http,
                    timer,
                    subscriberPort,
                    outcomes,
                    () -> hops,
                    limits,
                    d -> journal.read(d.offset(), d.length()),
                    reader));
    this.ingress = new EventIngress(limits, subscriptions, journal, this::dispatch);
  }

  /** Lets {@code observer} see every delivery attempt (spans, the call graph). */
  public void observe(HopObserver observer) {
    this.hops = observer;
  }

  /** The size limits the ingress applies. */
  public EventLimits limits() {
    return limits;
  }

  /** Declares a broker (from a Broker object). */
  public void declareBroker(String namespace, String name) {
    brokers.add(namespace + "/" + name);
  }

  /** Removes a broker: later events sent to it get 404; its triggers stay. */
  public void undeclareBroker(String namespace, String name) {
    brokers.remove(namespace + "/" + name);
  }

  /** True when the broker was declared. */
  public boolean hasBroker(String namespace, String name) {
    return brokers.contains(namespace + "/" + name);
  }

  /** Registers a trigger (or updates the one of that name) and starts delivering to it. */
  public void addTrigger(Trigger t) {
    subscriptions.put(t);
  }

  /**
   * Removes the trigger of {@code subscriber}; what it had not delivered goes to the dead letters
   * (a replay after the trigger is back sends it). Returns false when there was no such trigger.
   */
  public boolean removeTrigger(String namespace, String broker, String subscriber) {
    String key = new Trigger(namespace, broker, subscriber, Map.of()).key();
    Trigger t = subscriptions.trigger(key);
    if (t == null) {
      return false;
    }
    for (Dispatcher.Delivery d : subscriptions.remove(key)) {
      outcomes.deadLetter(d, 0, "its trigger was removed");
    }
    return true;
  }

  /**
   * Opens the journal and re-enqueues what it says was accepted but not delivered, and its dead
   * letters; call once the triggers known at start exist. Ingest waits for this.
   */
  public int recover() throws IOException {
    JournalReader.State state;
    try {
      state = journal.recover();
    } catch (IOException | RuntimeException e) {
      ingress.failed(e);
      throw e;
    }
    state.warnings().forEach(w -> say.accept("events journal: " + w));
    ingress.startAfter(state.lastSeq());
    int resumed = 0;
    for (JournalReader.Entry e : state.pending()) {
      Trigger t = subscriptions.triggerOrOrphan(e.trigger());
      Dispatcher.Delivery d =
          new Dispatcher.Delivery(e.seq(), e.event(), t, e.offset(), e.length());
      if (subscriptions.trigger(e.trigger()) == null) {
        outcomes.deadLetter(d, 0, "its trigger no longer exists");
      } else {
        subscriptions.submit(d);
        resumed++;
      }
    }
    for (JournalReader.Entry e : state.dead()) {
      dead.restore(e, subscriptions.triggerOrOrphan(e.trigger()));
    }
    if (resumed > 0) {
      say.accept("resuming " + resumed + " event deliveries accepted before the last stop");
    }
    ingress.opened();
    return resumed;
  }

  /** Completes once the journal is open and the ingress accepts events. */
  public CompletionStage<Void> ready() {
    return ingress.ready();
  }

  /** True once {@link #recover()} has finished. */
  public boolean isReady() {
    return ingress.isReady();
  }

  /**
   * Ingests one HTTP request addressed to broker namespace/name. The stage completes with 202 once
   * the journal holds the event (it waits for {@link #recover()} if that is still running), with
   * 400, 404 or 413 at once, or with 503 when the journal cannot be written.
   */
  public CompletionStage<Ingest> ingest(
      String namespace, String name, Map<String, List<String>> headers, byte[] body) {
    if (!hasBroker(namespace, name)) {
      return CompletableFuture.completedFuture(
          Ingest.refused(
              404,
              "broker "
                  + namespace
                  + "/"
                  + name
                  + " does not exist; declare a Broker (eventing.knative.dev/v1) of that name in"
                  + " the loaded files"));
    }
    List<CloudEvent> events;
    try {
      events = ingress.read(headers, body);
    } catch (EventIngress.Refused r) {
      return CompletableFuture.completedFuture(Ingest.refused(r.status, r.getMessage()));
    }
    List<String> ids = events.stream().map(CloudEvent::getId).toList();
    return ingress
        .publish(namespace, name, events)
        .handle(
            (v, err) ->
                err == null
                    ? new Ingest(202, ids, null)
                    : Ingest.refused(503, DeliveryOutcomes.unwrap(err).getMessage()));
  }

  /** Accepts events for broker namespace/name (PingSources and replies come this way). */
  public CompletableFuture<Void> publish(String namespace, String name, CloudEvent event) {
    return ingress.publish(namespace, name, List.of(event));
  }

  private void dispatch(Dispatcher.Delivery d) {
    if (!subscriptions.submit(d)) {
      outcomes.deadLetter(d, 0, "its trigger was removed");
    }
  }

  /** Delivery records after {@code since}, oldest first. */
  public List<DeliveryRecord> deliveriesSince(long since) {
    return log.since(since);
  }

  /** The dead letters, oldest first. */
  public List<DeadLetter> deadLetters() {
    return dead.list();
  }

  /**
   * Sends every dead letter whose trigger exists again, with a fresh retry budget; returns how
   * many. Each dead letter is taken once, however many replays run at the same time.
   */
  public int replayDeadLetters() {
    List<DeadLetters.Entry> taken = dead.take(key -> subscriptions.trigger(key) != null);
    for (DeadLetters.Entry d : taken) {
      Dispatcher.Delivery delivery =
          new Dispatcher.Delivery(d.seq(), d.event(), subscriptions.triggerOrOrphan(d.trigger()));
      journal.replayed(d.seq(), d.trigger(), d.event()).thenAccept(p -> dispatch(delivery.at(p)));
    }
    return taken.size();
  }

  /** Events accepted since the start. */
  public long accepted() {
    return ingress.accepted();
  }

  /** Successful deliveries since the start. */
  public long delivered() {
    return outcomes.delivered();
  }

  /** Deliveries queued and not yet attempted. */
  public int queued() {
    return subscriptions.queued();
  }

  /** Of {@link #queued()}, those whose events are in memory (the rest wait in the journal). */
  public int held() {
    return subscriptions.held();
  }

  @Override
  public void close() {
    ingress.close();
    subscriptions.stopAll();
    timer.shutdownNow();
    reader.shutdownNow();
    http.close();
    journal.close();
  }
}
