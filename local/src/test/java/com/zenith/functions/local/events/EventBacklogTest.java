package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A trigger's backlog beyond what the broker holds in memory (8 events here) waits in the journal
 * and is read back as it drains: during a session, after a restart, and when its trigger goes.
 * Every test counts what was accepted against what arrived, with each event's own body.
 */
class EventBacklogTest {
  private static final int HELD = 8;
  private static final int EVENTS = 100;

  @TempDir Path dir;
  private BrokerHarness h;

  @BeforeEach
  void start() {
    h = new BrokerHarness(dir, new EventLimits(4L << 20, 16L << 20, 1000, HELD, 16L << 20));
  }

  @AfterEach
  void stop() {
    h.close();
  }

  /** Accepts {@code n} events with bodies {"n":i} while sub is down (its server up, unrouted). */
  private BrokerHarness.Subscriber acceptWhileDown(int n) throws Exception {
    return acceptWhileDown(n, "");
  }

  /** The same, each body also carrying {@code pad}. */
  private BrokerHarness.Subscriber acceptWhileDown(int n, String pad) throws Exception {
    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    h.ports.remove("default/sub");
    h.trigger("sub", Map.of());
    h.broker.recover();
    for (int i = 0; i < n; i++) {
      assertThat(h.ingest(BrokerHarness.binary("ev-" + i, "t"), body(i, pad)).status())
          .isEqualTo(202);
    }
    return s;
  }

  private static byte[] body(int i, String pad) {
    return text(i, pad).getBytes(StandardCharsets.UTF_8);
  }

  private static String text(int i, String pad) {
    return pad.isEmpty() ? "{\"n\":" + i + "}" : "{\"n\":" + i + ",\"pad\":\"" + pad + "\"}";
  }

  private static List<String> expected(int n) {
    return expected(n, "");
  }

  private static List<String> expected(int n, String pad) {
    return IntStream.range(0, n).mapToObj(i -> "t|ev-" + i + "|" + text(i, pad)).toList();
  }

  @Test
  void aBacklogBeyondWhatIsHeldWaitsInTheJournalAndIsDeliveredOnceWithItsBodies() throws Exception {
    acceptWhileDown(EVENTS);
    BrokerHarness.await(() -> h.broker.queued() == EVENTS - BrokerHarness.FAST.concurrency());
    assertThat(h.broker.held()).as("events in memory").isLessThanOrEqualTo(HELD);

    BrokerHarness.Subscriber s = h.subscriber("sub", 200); // a second server, now routed
    BrokerHarness.await(() -> h.broker.delivered() == EVENTS);
    assertThat(s.received).containsExactlyInAnyOrderElementsOf(expected(EVENTS));
    assertThat(h.broker.queued()).isZero();
  }

  @Test
  void aBacklogRecoveredAfterARestartIsHeldBoundedAndDeliveredOnce() throws Exception {
    String pad = "x".repeat(30_000); // 3 MB of journal: compacted in several writes
    acceptWhileDown(EVENTS, pad);
    h.restart();
    h.trigger("sub", Map.of());
    assertThat(h.broker.recover()).isEqualTo(EVENTS);
    BrokerHarness.await(() -> h.broker.queued() == EVENTS - BrokerHarness.FAST.concurrency());
    assertThat(h.broker.held()).as("events in memory").isLessThanOrEqualTo(HELD);

    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    BrokerHarness.await(() -> h.broker.delivered() == EVENTS);
    assertThat(s.received).containsExactlyInAnyOrderElementsOf(expected(EVENTS, pad));

    h.restart();
    h.trigger("sub", Map.of());
    assertThat(h.broker.recover()).as("nothing left to resend").isZero();
  }

  @Test
  void removingATriggerDeadLettersItsWholeBacklogWithTheirEvents() throws Exception {
    acceptWhileDown(30);
    BrokerHarness.await(() -> h.broker.queued() == 30 - BrokerHarness.FAST.concurrency());

    assertThat(h.broker.removeTrigger("default", "default", "sub")).isTrue();

    List<DeadLetter> dead = h.broker.deadLetters();
    assertThat(dead).hasSize(30);
    List<String> bodies = new ArrayList<>();
    for (DeadLetter d : dead) {
      bodies.add(d.event().replaceAll(".*\"id\":\"(ev-\\d+)\".*\"data\":(\\{[^}]*\\}).*", "$1 $2"));
    }
    assertThat(bodies)
        .containsExactlyInAnyOrderElementsOf(
            IntStream.range(0, 30).mapToObj(i -> "ev-" + i + " {\"n\":" + i + "}").toList());
  }

  @Test
  void aJournalLineDamagedWhileItWaitsIsReportedAndTheRestDelivered() throws Exception {
    acceptWhileDown(40);
    damageLineOf("ev-30");

    BrokerHarness.Subscriber s = h.subscriber("sub", 200);
    BrokerHarness.await(() -> h.broker.delivered() == 39);
    List<String> rest = new ArrayList<>(expected(40));
    rest.remove("t|ev-30|{\"n\":30}");
    assertThat(s.received).containsExactlyInAnyOrderElementsOf(rest);
    BrokerHarness.await(
        () ->
            h.logLines.stream()
                .anyMatch(
                    l ->
                        l.contains("could not be read back")
                            && l.contains(h.journal().toString())));
  }

  /** Overwrites the first byte of the journal line that holds {@code id}: no longer JSON. */
  private void damageLineOf(String id) throws Exception {
    byte[] all = Files.readAllBytes(h.journal());
    String text = new String(all, StandardCharsets.ISO_8859_1);
    int at = text.indexOf("\"" + id + "\"");
    assertThat(at).as("the line of " + id).isPositive();
    int start = text.lastIndexOf('\n', at) + 1;
    all[start] = '#';
    Files.write(h.journal(), all);
  }
}
