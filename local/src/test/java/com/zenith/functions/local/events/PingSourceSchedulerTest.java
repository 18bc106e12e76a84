package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.schedule.CronSchedule;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A PingSource tick publishes Knative's ping event to its broker, filtered like any event. */
class PingSourceSchedulerTest {
  @TempDir Path dir;

  @Test
  void aTickPublishesAPingEventThatTriggersDeliver() throws Exception {
    List<String> lines = new CopyOnWriteArrayList<>();
    try (EventBroker broker =
        new EventBroker(
            DeliveryPolicy.defaults(),
            (ns, n) -> 0,
            new EventJournal(dir.resolve("j.jsonl")),
            lines::add)) {
      broker.declareBroker("default", "default");
      broker.addTrigger(
          new Trigger("default", "default", "pinged", Map.of("type", "dev.knative.sources.ping")));
      broker.recover();
      var spec =
          new PingSourceScheduler.Spec(
              "default",
              "every-minute",
              CronSchedule.parse("*/1 * * * *"),
              "{\"message\":\"test event from pingsource\"}",
              "application/json",
              "default");

      var event =
          new PingSourceScheduler(spec, broker, lines::add)
              .fire(OffsetDateTime.parse("2026-11-28T10:00:00Z"));

      assertThat(event.getType()).isEqualTo("dev.knative.sources.ping");
      assertThat(event.getSource().toString())
          .isEqualTo("/apis/v1/namespaces/default/pingsources/every-minute");
      assertThat(new String(event.getData().toBytes()))
          .isEqualTo("{\"message\":\"test event from pingsource\"}");
      assertThat(broker.accepted()).isEqualTo(1);
      // The journal is written by its own thread (group commit), and "sent" is said once it has
      // been: wait for both.
      String journal = "";
      long deadline = System.nanoTime() + 10_000_000_000L;
      while ((!journal.contains("\"op\":\"pending\"")
              || lines.stream().noneMatch(l -> l.startsWith("pingsource every-minute sent ")))
          && System.nanoTime() < deadline) {
        Thread.sleep(20);
        journal =
            java.nio.file.Files.exists(dir.resolve("j.jsonl"))
                ? java.nio.file.Files.readString(dir.resolve("j.jsonl"))
                : "";
      }
      assertThat(journal)
          .as("accepted for the trigger, whose subscriber is down")
          .contains("\"op\":\"pending\"")
          .contains("\"trigger\":\"default/pinged-trigger\"");
      assertThat(lines).anyMatch(l -> l.startsWith("pingsource every-minute sent "));
    }
  }
}
