package com.zenith.functions.local.events;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.cloudevents.CloudEvent;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The way into the broker: checks a request's size, reads its events (binary, structured or batched
 * mode), and accepts each for the triggers it matches: one journal line per delivery, acknowledged
 * once the journal has written it, and only then handed to the dispatcher. Nothing is accepted
 * before the journal is open: what comes earlier waits for it (bounded), so it cannot be lost.
 */
final class EventIngress {
  /** How long an event sent while the broker starts waits for its journal to open. */
  static final Duration STARTING_TIMEOUT = Duration.ofSeconds(30);

  /** Why a request was refused: an HTTP status and a sentence. */
  static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }
  }

  private final EventLimits limits;
  private final Subscriptions subscriptions;
  private final EventJournal journal;
  private final Consumer<Dispatcher.Delivery> dispatch;
  private final CompletableFuture<Void> ready = new CompletableFuture<>();
  private volatile boolean closed;
  private final AtomicLong seq = new AtomicLong();
  private final AtomicLong accepted = new AtomicLong();

  EventIngress(
      EventLimits limits,
      Subscriptions subscriptions,
      EventJournal journal,
      Consumer<Dispatcher.Delivery> dispatch) {
    this.limits = limits;
    this.subscriptions = subscriptions;
    this.journal = journal;
    this.dispatch = dispatch;
  }

  /** The events of one HTTP request, or why it is refused (413 too large, 400 not an event). */
  List<CloudEvent> read(Map<String, List<String>> headers, byte[] body) throws Refused {
    String contentType = first(headers, "content-type");
    long limit = limits.bodyLimit(contentType);
    int size = body == null ? 0 : body.length;
    if (size > limit) {
      throw tooLarge(size, limit, EventLimits.isBatch(contentType));
    }
    try {
      if (EventLimits.isBatch(contentType) && first(headers, "ce-specversion") == null) {
        return EventCodec.readBatch(body, limits);
      }
      return List.of(EventCodec.read(headers, body));
    } catch (EventCodec.InvalidEventException e) {
      throw new Refused(400, e.getMessage());
    }
  }

  static Refused tooLarge(long size, long limit, boolean batch) {
    return new Refused(
        413,
        (batch ? "the batch is " : "the event is ")
            + (size < 0 ? "larger than the limit" : size + " bytes")
            + "; the broker accepts "
            + (batch ? "batches" : "events")
            + " of at most "
            + limit
            + " bytes ("
            + (batch ? "ZENITH_EVENT_MAX_BATCH_BYTES" : "ZENITH_EVENT_MAX_BYTES")
            + ")");
  }

  private static String first(Map<String, List<String>> headers, String name) {
    for (var e : headers.entrySet()) {
      if (e.getKey().toLowerCase(Locale.ROOT).equals(name) && !e.getValue().isEmpty()) {
        return e.getValue().get(0);
      }
    }
    return null;
  }

  /** The journal is open: events are accepted from now on. */
  void opened() {
    ready.complete(null);
  }

  /** The journal could not be opened: what waits for it fails. */
  void failed(Throwable why) {
    ready.completeExceptionally(why);
  }

  CompletionStage<Void> ready() {
    return ready.copy();
  }

  boolean isReady() {
    return ready.isDone() && !ready.isCompletedExceptionally();
  }

  /** The broker stops: nothing more is accepted. */
  void close() {
    closed = true;
    ready.completeExceptionally(new IOException("the broker is stopped"));
  }

  /**
   * Accepts events for broker namespace/name once the journal is open (waiting for it up to {@link
   * #STARTING_TIMEOUT}): completes once every delivery they make is in the journal (exceptionally
   * when it cannot be written), then queues the deliveries.
   */
  CompletableFuture<Void> publish(String namespace, String broker, List<CloudEvent> events) {
    if (closed) {
      return CompletableFuture.failedFuture(new IOException("the broker is stopping"));
    }
    if (ready.isCompletedExceptionally()) {
      return CompletableFuture.failedFuture(
          new IOException(
              "the broker cannot accept events: its journal "
                  + journal.file()
                  + " could not be opened ("
                  + DeliveryOutcomes.unwrap(ready.exceptionNow()).getMessage()
                  + ")"));
    }
    if (ready.isDone()) {
      return accept(namespace, broker, events);
    }
    return ready
        .copy()
        .orTimeout(STARTING_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
        .exceptionally(
            e -> {
              throw new CompletionException(
                  new IOException(
                      "the broker is still starting (its journal "
                          + journal.file()
                          + " is not open yet); send again shortly"));
            })
        .thenCompose(v -> accept(namespace, broker, events));
  }

  private CompletableFuture<Void> accept(String namespace, String broker, List<CloudEvent> events) {
    List<CompletableFuture<EventJournal.Position>> written = new ArrayList<>();
    List<Dispatcher.Delivery> deliveries = new ArrayList<>();
    for (CloudEvent event : events) {
      long s = seq.incrementAndGet();
      accepted.incrementAndGet();
      ObjectNode record = null;
      for (Trigger t : subscriptions.matching(namespace, broker, event)) {
        if (record == null) {
          record = EventRecords.toRecord(event);
        }
        written.add(journal.pending(s, t.key(), record));
        deliveries.add(new Dispatcher.Delivery(s, event, t));
      }
    }
    return CompletableFuture.allOf(written.toArray(CompletableFuture[]::new))
        .thenRun(
            () -> {
              for (int i = 0; i < deliveries.size(); i++) {
                dispatch.accept(deliveries.get(i).at(written.get(i).join()));
              }
            });
  }

  /** Continues numbering after what the journal holds. */
  void startAfter(long lastSeq) {
    seq.set(lastSeq);
  }

  long accepted() {
    return accepted.get();
  }
}
