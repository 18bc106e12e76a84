package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import java.util.function.Consumer;

/**
 * zenith dev's broker: Knative Broker and Trigger semantics on one machine. Accepted events are
 * journaled, matched against each trigger's filters, and delivered in binary mode to the
 * subscriber's {@code /}, at least once: retries with exponential backoff on 5xx, 408, 429 and
 * connection errors, none on other 4xx, then the dead letters. A subscriber that is down or
 * restarting is waited for without spending its retries. A CloudEvent in a reply is published back
 * to the broker.
 */
public final class EventBroker implements AutoCloseable {
  private static final int RECORDS_KEPT = 10_000;

  /** What ingesting a request gave: 202 with the event's id, or an error status and message. */
  public record Ingest(int status, String id, String message) {}

  private final Set<String> brokers = ConcurrentHashMap.newKeySet();
  private final List<Trigger> triggers = new CopyOnWriteArrayList<>();
  private final Map<String, LinkedBlockingQueue<Pending>> queues = new ConcurrentHashMap<>();
  private final List<DeadEntry> dead = new CopyOnWriteArrayList<>();
  private final Deque<DeliveryRecord> records = new ArrayDeque<>();
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong recordSeq = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();
  private final AtomicLong delivered = new AtomicLong();
  private final DeliveryPolicy policy;
  private final BiFunction<String, String, Integer> subscriberPort;
  private final EventJournal journal;
  private final Consumer<String> log;
  private final HttpClient http;
  private final List<Thread> workers = new ArrayList<>();
  private volatile boolean closed;

  private record Pending(long seq, CloudEvent event, Trigger trigger, int attempts) {}

  private record DeadEntry(
      long seq, CloudEvent event, Trigger trigger, String reason, int attempts, String time) {}

  /**
   * A broker delivering with {@code policy}; {@code subscriberPort} gives a function's local port
   * (0 while it is down) from its namespace and name.
   */
  public EventBroker(
      DeliveryPolicy policy,
      BiFunction<String, String, Integer> subscriberPort,
      EventJournal journal,
      Consumer<String> log) {
    this.policy = policy;
    this.subscriberPort = subscriberPort;
    this.journal = journal;
    this.log = log;
    this.http =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2))
            .executor(Executors.newVirtualThreadPerTaskExecutor())
            .build();
  }

  /** Declares a broker (from a Broker object in the loaded files). */
  public void declareBroker(String namespace, String name) {
    brokers.add(namespace + "/" + name);
  }

  /** Forgets a broker (its Broker object was deleted). */
  public void undeclareBroker(String namespace, String name) {
    brokers.remove(namespace + "/" + name);
  }

  /** Stops matching events for a trigger (its Function no longer subscribes, or changed). */
  public void removeTrigger(Trigger t) {
    triggers.remove(t);
  }

  /** True when the broker was declared. */
  public boolean hasBroker(String namespace, String name) {
    return brokers.contains(namespace + "/" + name);
  }

  /** Registers a trigger and starts its delivery workers. */
  public void addTrigger(Trigger t) {
    triggers.add(t);
    LinkedBlockingQueue<Pending> q =
        queues.computeIfAbsent(t.key(), k -> new LinkedBlockingQueue<>());
    for (int i = 0; i < policy.concurrency(); i++) {
      workers.add(Thread.ofVirtual().name("deliver-" + t.subscriber()).start(() -> work(q)));
    }
  }

  /** Re-enqueues what the journal says was accepted but not delivered, and its dead letters. */
  public int recover() throws IOException {
    EventJournal.State state = journal.recover();
    seq.set(state.lastSeq());
    int resumed = 0;
    for (ObjectNode n : state.pending()) {
      Trigger t = trigger(n.path("trigger").asText());
      CloudEvent e = EventCodec.fromJson(n.path("event").asText().getBytes(StandardCharsets.UTF_8));
      if (t == null) {
        deadLetter(
            new Pending(
                n.path("seq").asLong(),
                e,
                new Trigger("", "", n.path("trigger").asText(), Map.of()),
                0),
            "its trigger no longer exists");
        continue;
      }
      queues.get(t.key()).add(new Pending(n.path("seq").asLong(), e, t, 0));
      resumed++;
    }
    for (ObjectNode n : state.dead()) {
      Trigger t = trigger(n.path("trigger").asText());
      CloudEvent e = EventCodec.fromJson(n.path("event").asText().getBytes(StandardCharsets.UTF_8));
      dead.add(
          new DeadEntry(
              n.path("seq").asLong(),
              e,
              t == null ? new Trigger("", "", n.path("trigger").asText(), Map.of()) : t,
              n.path("reason").asText(),
              n.path("attempts").asInt(),
              now()));
    }
    if (resumed > 0) {
      log.accept("resuming " + resumed + " event deliveries accepted before the last stop");
    }
    return resumed;
  }

  private Trigger trigger(String key) {
    return triggers.stream().filter(t -> t.key().equals(key)).findFirst().orElse(null);
  }

  /** Ingests one HTTP request addressed to broker namespace/name. */
  public Ingest ingest(
      String namespace, String name, Map<String, List<String>> headers, byte[] body) {
    if (!hasBroker(namespace, name)) {
      return new Ingest(
          404,
          null,
          "broker "
              + namespace
              + "/"
              + name
              + " does not exist; declare a Broker (eventing.knative.dev/v1) of that name in the loaded files");
    }
    CloudEvent event;
    try {
      event = EventCodec.read(headers, body);
    } catch (EventCodec.InvalidEventException e) {
      return new Ingest(400, null, e.getMessage());
    }
    publish(namespace, name, event);
    return new Ingest(202, event.getId(), null);
  }

  /** Accepts an event: journals one delivery per matching trigger and queues it. */
  public void publish(String namespace, String name, CloudEvent event) {
    long s = seq.incrementAndGet();
    accepted.incrementAndGet();
    byte[] json = null;
    for (Trigger t : triggers) {
      if (t.namespace().equals(namespace)
          && t.broker().equals(name)
          && TriggerFilter.matches(t.filters(), event)) {
        if (json == null) {
          json = EventCodec.toJson(event);
        }
        journal.pending(s, t.key(), json);
        queues.get(t.key()).add(new Pending(s, event, t, 0));
      }
    }
  }

  private void work(LinkedBlockingQueue<Pending> q) {
    while (!closed) {
      Pending p;
      try {
        p = q.take();
      } catch (InterruptedException e) {
        return;
      }
      deliver(p);
    }
  }

  private void deliver(Pending p) {
    int attempts = p.attempts();
    Trigger t = p.trigger();
    EventCodec.Binary binary = EventCodec.toBinary(p.event());
    while (!closed) {
      int port = subscriberPort.apply(t.namespace(), t.subscriber());
      if (port <= 0) {
        sleep(Duration.ofMillis(100)); // down or restarting: wait, without spending a retry
        continue;
      }
      attempts++;
      int status;
      String failure;
      HttpResponse<byte[]> res = null;
      try {
        HttpRequest.Builder req =
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(policy.timeout())
                .POST(HttpRequest.BodyPublishers.ofByteArray(binary.body()));
        binary.headers().forEach(req::header);
        res = http.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
        status = res.statusCode();
        failure = "HTTP " + status;
      } catch (IOException e) {
        status = -1;
        failure = "cannot connect: " + e.getMessage();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (status >= 200 && status < 300) {
        delivered.incrementAndGet();
        journal.done(p.seq(), t.key());
        record(p, status, attempts, "delivered");
        reply(t, res);
        return;
      }
      if (status > 0 && !DeliveryPolicy.retryable(status)) {
        deadLetter(new Pending(p.seq(), p.event(), t, attempts), failure + " is not retried");
        return;
      }
      if (attempts > policy.retries()) {
        deadLetter(
            new Pending(p.seq(), p.event(), t, attempts),
            "gave up after " + attempts + " attempts; last: " + failure);
        return;
      }
      record(p, status, attempts, "retrying");
      sleep(policy.delay(attempts));
    }
  }

  /**
   * Knative's reply semantics: a CloudEvent in the subscriber's response goes back to the broker.
   */
  private void reply(Trigger t, HttpResponse<byte[]> res) {
    var headers = res.headers().map();
    boolean event =
        res.headers().firstValue("ce-specversion").isPresent()
            || res.headers()
                .firstValue("content-type")
                .map(c -> c.startsWith("application/cloudevents"))
                .orElse(false);
    if (!event) {
      return;
    }
    try {
      CloudEvent reply = EventCodec.read(headers, res.body());
      publish(t.namespace(), t.broker(), reply);
    } catch (EventCodec.InvalidEventException e) {
      log.accept(
          t.subscriber() + " replied with an invalid CloudEvent, dropped: " + e.getMessage());
    }
  }

  private void deadLetter(Pending p, String reason) {
    byte[] json = EventCodec.toJson(p.event());
    journal.dead(p.seq(), p.trigger().key(), reason, p.attempts(), json);
    dead.add(new DeadEntry(p.seq(), p.event(), p.trigger(), reason, p.attempts(), now()));
    record(p, -1, p.attempts(), "dead-lettered: " + reason);
    log.accept(
        "event "
            + p.event().getId()
            + " ("
            + p.event().getType()
            + ") for "
            + p.trigger().subscriber()
            + " dead-lettered: "
            + reason);
  }

  private void record(Pending p, int status, int attempts, String outcome) {
    DeliveryRecord r =
        new DeliveryRecord(
            recordSeq.incrementAndGet(),
            now(),
            p.event().getId(),
            p.event().getType(),
            p.trigger().key(),
            p.trigger().subscriber(),
            status,
            attempts,
            outcome);
    synchronized (records) {
      records.addLast(r);
      if (records.size() > RECORDS_KEPT) {
        records.removeFirst();
      }
    }
  }

  /** Delivery records after {@code since}, oldest first. */
  public List<DeliveryRecord> deliveriesSince(long since) {
    synchronized (records) {
      return records.stream().filter(r -> r.seq() > since).toList();
    }
  }

  /** The dead letters, oldest first. */
  public List<DeadLetter> deadLetters() {
    return dead.stream()
        .map(
            d ->
                new DeadLetter(
                    d.seq(),
                    d.trigger().key(),
                    d.trigger().subscriber(),
                    d.reason(),
                    d.attempts(),
                    d.time(),
                    new String(EventCodec.toJson(d.event()), StandardCharsets.UTF_8)))
        .toList();
  }

  /** Sends every dead letter again, with a fresh retry budget; returns how many. */
  public int replayDeadLetters() {
    List<DeadEntry> all = new ArrayList<>(dead);
    dead.removeAll(all);
    int n = 0;
    for (DeadEntry d : all) {
      Trigger t = trigger(d.trigger().key());
      if (t == null) {
        dead.add(d);
        continue;
      }
      journal.replayed(d.seq(), t.key());
      journal.pending(d.seq(), t.key(), EventCodec.toJson(d.event()));
      queues.get(t.key()).add(new Pending(d.seq(), d.event(), t, 0));
      n++;
    }
    return n;
  }

  /** Events accepted since the start. */
  public long accepted() {
    return accepted.get();
  }

  /** Successful deliveries since the start. */
  public long delivered() {
    return delivered.get();
  }

  /** Deliveries queued and not yet attempted. */
  public int queued() {
    return queues.values().stream().mapToInt(LinkedBlockingQueue::size).sum();
  }

  private static String now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    closed = true;
    workers.forEach(Thread::interrupt);
    journal.close();
  }
}
