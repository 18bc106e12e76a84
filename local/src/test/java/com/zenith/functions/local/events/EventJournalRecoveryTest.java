package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What no input can do to the broker's journal: poison events, lines cut short or damaged, events
 * sent while it starts. Each test counts the events accepted, delivered and dead-lettered across a
 * restart: nothing accepted is lost.
 */
class EventJournalRecoveryTest {
  @TempDir Path dir;
  private BrokerHarness h;

  @BeforeEach
  void start() {
    h = new BrokerHarness(dir);
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Accepts {@code n} events while the subscriber is down, then stops the broker. */
  private void acceptWhileDown(String prefix, int n) throws Exception {
    h.trigger("sub", Map.of());
    h.broker.recover();
    for (int i = 0; i < n; i++) {
      assertThat(h.ingest(BrokerHarness.binary(prefix + i, "t"), "{}".getBytes()).status())
          .isEqualTo(202);
    }
  }

  /** Restarts with the subscriber up; returns what it received once {@code expected} arrived. */
  private BrokerHarness.Subscriber restartAndDeliver(int expectedResumed) throws Exception {
    h.restart();
    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    h.trigger("sub", Map.of());
    assertThat(h.broker.recover()).isEqualTo(expectedResumed);
    BrokerHarness.await(() -> h.broker.delivered() == expectedResumed);
    return s;
  }

  @Test
  void aJsonEventWhoseDataIsNotJsonIsRefusedAndTheRestSurviveARestart() throws Exception {
    acceptWhileDown("ok-", 2);
    var binary = h.ingest(BrokerHarness.binary("poison-1", "t"), "{not json".getBytes());
    var structured =
        h.ingest(
            Map.of("content-type", List.of("application/cloudevents+json")),
            ("{\"specversion\":\"1.0\",\"id\":\"poison-2\",\"source\":\"s\",\"type\":\"t\","
                    + "\"datacontenttype\":\"application/json\",\"data_base64\":\"bm90IGpzb24=\"}")
                .getBytes());
    var trailing = h.ingest(BrokerHarness.binary("poison-3", "t"), "{} {}".getBytes());
    long accepted = h.broker.accepted();

    BrokerHarness.Subscriber s = restartAndDeliver(2);

    assertThat(binary.status()).isEqualTo(400);
    assertThat(binary.message())
        .startsWith("data is not valid JSON (datacontenttype application/json)");
    assertThat(structured.status()).isEqualTo(400);
    assertThat(trailing.status()).isEqualTo(400);
    assertThat(accepted).isEqualTo(2);
    assertThat(s.ids()).containsExactlyInAnyOrder("ok-0", "ok-1");
    assertThat(h.broker.deadLetters()).isEmpty();
  }

  @Test
  void aPoisonLineLeftByAnOlderVersionIsSkippedWithItsFileAndLineAndTheRestDelivered()
      throws Exception {
    // What the previous journal format wrote for a binary application/json event with a body
    // that is not JSON: its structured form embedded the data raw, and every start failed.
    String poison =
        "{\"specversion\":\"1.0\",\"id\":\"old-poison\",\"source\":\"s\",\"type\":\"t\","
            + "\"datacontenttype\":\"application/json\",\"data\":not json}";
    String good =
        "{\"specversion\":\"1.0\",\"id\":\"old-good\",\"source\":\"s\",\"type\":\"t\","
            + "\"datacontenttype\":\"application/json\",\"data\":{\"n\":1}}";
    var json = new com.fasterxml.jackson.databind.ObjectMapper();
    Files.writeString(
        h.journal(),
        json.createObjectNode()
                .put("op", "pending")
                .put("seq", 1)
                .put("trigger", "default/sub-trigger")
                .put("event", poison)
            + "\n"
            + json.createObjectNode()
                .put("op", "pending")
                .put("seq", 2)
                .put("trigger", "default/sub-trigger")
                .put("event", good)
            + "\n");

    BrokerHarness.Subscriber s = restartAndDeliver(1);

    assertThat(s.ids()).containsExactly("old-good");
    assertThat(h.logLines)
        .anyMatch(
            l ->
                l.contains(h.journal() + " line 1 holds an event that cannot be read")
                    && l.endsWith("skipped"));
    assertThat(h.journal()).content().doesNotContain("old-poison"); // compacted away
  }

  @Test
  void aLineCutShortByACrashIsSkippedAndEveryAcceptedEventIsDelivered() throws Exception {
    acceptWhileDown("cut-", 5);
    h.broker.close();
    String whole = Files.readString(h.journal());
    String last = whole.lines().reduce((a, b) -> b).orElseThrow();
    // A sixth delivery whose write was interrupted: its event never got its 202.
    Files.writeString(
        h.journal(),
        last.replace("cut-4", "cut-5").substring(0, last.length() / 2),
        StandardOpenOption.APPEND);

    BrokerHarness.Subscriber s = restartAndDeliver(5);

    assertThat(s.ids()).containsExactlyInAnyOrder("cut-0", "cut-1", "cut-2", "cut-3", "cut-4");
    assertThat(h.logLines).anyMatch(l -> l.contains(h.journal() + " line 6 was cut short"));
    assertThat(h.broker.deadLetters()).isEmpty();
  }

  @Test
  void damagedAndNonUtf8LinesAreSkippedNamingFileAndLineAndTheOthersDelivered() throws Exception {
    acceptWhileDown("dmg-", 4);
    h.broker.close();
    List<String> lines = Files.readAllLines(h.journal(), StandardCharsets.UTF_8);
    ByteArrayOutputStream damaged = new ByteArrayOutputStream();
    damaged.write((lines.get(0) + "\n").getBytes(StandardCharsets.UTF_8));
    damaged.write(new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, '\n'}); // line 2: not UTF-8
    damaged.write((lines.get(1).substring(0, 40) + "\n").getBytes(StandardCharsets.UTF_8));
    damaged.write((lines.get(2) + "\n").getBytes(StandardCharsets.UTF_8));
    damaged.write((lines.get(3) + "\n").getBytes(StandardCharsets.UTF_8));
    Files.write(h.journal(), damaged.toByteArray());

    BrokerHarness.Subscriber s = restartAndDeliver(3);

    assertThat(s.ids()).containsExactlyInAnyOrder("dmg-0", "dmg-2", "dmg-3");
    assertThat(h.logLines)
        .anyMatch(l -> l.contains(h.journal() + " line 2 is not UTF-8 text"))
        .anyMatch(l -> l.contains(h.journal() + " line 3 is damaged"));
  }

  @Test
  void anEventSentWhileTheBrokerStartsWaitsForTheJournalAndIsNotLost() throws Exception {
    acceptWhileDown("before-", 2); // the journal holds deliveries 1 and 2
    h.restart();
    h.trigger("sub", Map.of());
    assertThat(h.broker.isReady()).isFalse();

    CompletableFuture<EventBroker.Ingest> early =
        h.broker
            .ingest("default", "default", BrokerHarness.binary("early-1", "t"), "{}".getBytes())
            .toCompletableFuture();
    var refusedEarly =
        h.broker
            .ingest("default", "default", BrokerHarness.binary("early-bad", "t"), "{".getBytes())
            .toCompletableFuture();

    assertThat(early).isNotDone();
    assertThat(refusedEarly.join().status()).as("a bad event is refused at once").isEqualTo(400);
    assertThat(h.broker.recover()).isEqualTo(2);
    assertThat(early.join().status()).isEqualTo(202);
    assertThat(h.broker.isReady()).isTrue();
    long accepted = h.broker.accepted();

    BrokerHarness.Subscriber s = restartAndDeliver(3); // stopped before any could be delivered

    assertThat(accepted).isEqualTo(1);
    assertThat(s.ids()).containsExactlyInAnyOrder("before-0", "before-1", "early-1");
  }

  @Test
  void deliveredAndDeadLetteredEventsAreCountedOnceAcrossARestart() throws Exception {
    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    h.trigger("sub", Map.of());
    h.ports.put("default/bad", 1); // nothing listens on port 1
    h.trigger("bad", Map.of("type", "t.bad"));
    h.broker.recover();
    for (int i = 0; i < 10; i++) {
      h.ingest(BrokerHarness.binary("c-" + i, i < 3 ? "t.bad" : "t"), new byte[0]);
    }
    BrokerHarness.await(() -> h.broker.deadLetters().size() == 3 && h.broker.delivered() == 10);

    h.restart();
    h.trigger("sub", Map.of());
    h.trigger("bad", Map.of("type", "t.bad"));

    assertThat(h.broker.recover()).as("nothing is resent").isZero();
    assertThat(h.broker.deadLetters()).hasSize(3);
    assertThat(s.ids()).hasSize(10).doesNotHaveDuplicates();
  }
}
