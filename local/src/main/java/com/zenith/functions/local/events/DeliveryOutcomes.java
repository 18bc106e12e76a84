package com.zenith.functions.local.events;

import io.cloudevents.CloudEvent;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * What becomes of each delivery the dispatchers report: a done line in the journal, or a dead
 * letter (journal, list, log line); a record for {@code zenith events tail}; and, with Knative's
 * reply semantics, a CloudEvent in the subscriber's response published back to the broker.
 */
final class DeliveryOutcomes implements Dispatcher.Outcomes {
  /** Where a reply event goes. */
  interface Publisher {
    CompletableFuture<Void> publish(String namespace, String broker, CloudEvent event);
  }

  private final EventJournal journal;
  private final DeadLetters dead;
  private final DeliveryLog log;
  private final EventLimits limits;
  private final Publisher publisher;
  private final Consumer<String> say;
  private final AtomicLong delivered = new AtomicLong();

  DeliveryOutcomes(
      EventJournal journal,
      DeadLetters dead,
      DeliveryLog log,
      EventLimits limits,
      Publisher publisher,
      Consumer<String> say) {
    this.journal = journal;
    this.dead = dead;
    this.log = log;
    this.limits = limits;
    this.publisher = publisher;
    this.say = say;
  }

  long delivered() {
    return delivered.get();
  }

  @Override
  public void delivered(
      Dispatcher.Delivery d, int status, int attempts, SubscriberClient.Answer response) {
    journal.done(d.seq(), d.trigger().key());
    record(d, status, attempts, "delivered");
    // Counted last: whoever sees the count sees the delivery's log line too.
    delivered.incrementAndGet();
    reply(d.trigger(), response);
  }

  @Override
  public void retrying(Dispatcher.Delivery d, int status, int attempts) {
    record(d, status, attempts, "retrying");
  }

  @Override
  public void failed(Dispatcher.Delivery d, int attempts, String reason) {
    deadLetter(d, attempts, reason);
  }

  @Override
  public void unreadable(Dispatcher.Delivery d, java.io.IOException e) {
    say.accept(
        "event "
            + d.seq()
            + " for "
            + d.trigger().subscriber()
            + " could not be read back from the journal, so it is not delivered in this session: "
            + e.getMessage());
  }

  static Throwable unwrap(Throwable t) {
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /**
   * Knative's reply semantics: a CloudEvent in the subscriber's response goes back to the broker.
   */
  private void reply(Trigger t, SubscriberClient.Answer res) {
    String contentType = res.header("content-type");
    boolean event =
        res.header("ce-specversion") != null
            || (contentType != null && contentType.startsWith("application/cloudevents"));
    if (!event) {
      return;
    }
    try {
      if (res.length() > limits.maxEventBytes()) {
        throw EventIngress.tooLarge(res.length(), limits.maxEventBytes(), false);
      }
      CloudEvent reply = EventCodec.read(res.headers(), res.body());
      publisher
          .publish(t.namespace(), t.broker(), reply)
          .exceptionally(
              e -> {
                say.accept(
                    t.subscriber() + "'s reply event was not accepted: " + unwrap(e).getMessage());
                return null;
              });
    } catch (EventCodec.InvalidEventException | EventIngress.Refused e) {
      say.accept(
          t.subscriber() + " replied with an invalid CloudEvent, dropped: " + e.getMessage());
    }
  }

  /**
   * Sends {@code d} to the dead letters (its event read back first if it waited in the journal): a
   * journal line, the list, a record and a log line.
   */
  void deadLetter(Dispatcher.Delivery d, int attempts, String reason) {
    Trigger t = d.trigger();
    CloudEvent e = d.event();
    if (e == null) {
      try {
        e = journal.read(d.offset(), d.length());
      } catch (java.io.IOException x) {
        unreadable(d, x);
        return;
      }
      d = d.with(e);
    }
    journal.dead(d.seq(), t.key(), reason, attempts, e);
    dead.add(
        new DeadLetters.Entry(
            d.seq(), e, t.key(), t.subscriber(), reason, attempts, DeliveryLog.now()));
    record(d, -1, attempts, "dead-lettered: " + reason);
    say.accept(
        "event "
            + e.getId()
            + " ("
            + e.getType()
            + ") for "
            + t.subscriber()
            + " dead-lettered: "
            + reason);
  }

  private void record(Dispatcher.Delivery d, int status, int attempts, String outcome) {
    log.add(d.event().getId(), d.event().getType(), d.trigger(), status, attempts, outcome);
  }
}
