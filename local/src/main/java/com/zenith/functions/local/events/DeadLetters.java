package com.zenith.functions.local.events;

import io.cloudevents.CloudEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The events the broker gave up delivering, per trigger, in order. Taking them for a replay removes
 * them in one step, so two replays at once send each dead letter once.
 */
final class DeadLetters {
  /** One dead letter. */
  record Entry(
      long seq,
      CloudEvent event,
      String trigger,
      String subscriber,
      String reason,
      int attempts,
      String time) {}

  private final Map<String, Entry> entries = new LinkedHashMap<>();

  synchronized void add(Entry e) {
    entries.put(e.seq() + " " + e.trigger(), e);
  }

  /** A dead letter an earlier session left in the journal, for {@code trigger}. */
  void restore(JournalReader.Entry e, Trigger trigger) {
    add(
        new Entry(
            e.seq(),
            e.event(),
            e.trigger(),
            trigger.subscriber(),
            e.reason(),
            e.attempts(),
            DeliveryLog.now()));
  }

  synchronized int size() {
    return entries.size();
  }

  /** The listing {@code zenith events dead-letters} shows. */
  synchronized List<DeadLetter> list() {
    List<DeadLetter> out = new ArrayList<>(entries.size());
    for (Entry d : entries.values()) {
      out.add(
          new DeadLetter(
              d.seq(),
              d.trigger(),
              d.subscriber(),
              d.reason(),
              d.attempts(),
              d.time(),
              new String(EventCodec.toJson(d.event()), StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Removes and returns the dead letters whose trigger {@code replayable} accepts. */
  synchronized List<Entry> take(Predicate<String> replayable) {
    List<Entry> taken = new ArrayList<>();
    var it = entries.values().iterator();
    while (it.hasNext()) {
      Entry e = it.next();
      if (replayable.test(e.trigger())) {
        taken.add(e);
        it.remove();
      }
    }
    return taken;
  }
}
