package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker against real HTTP subscribers on loopback. */
class EventBrokerTest {
  @TempDir Path dir;
  private BrokerHarness h;
  private EventBroker broker;

  @BeforeEach
  void start() {
    h = new BrokerHarness(dir);
    broker = h.broker;
  }

  @AfterEach
  void stop() {
    h.close();
  }

  private BrokerHarness.Subscriber subscriber(String name, int... statuses) throws IOException {
    return h.subscriber(name, statuses);
  }

  private EventBroker.Ingest ingest(
      String ns, String name, Map<String, List<String>> headers, byte[] body) {
    return broker.ingest(ns, name, headers, body).toCompletableFuture().join();
  }

  private void trigger(String subscriber, Map<String, String> filters) {
    h.trigger(subscriber, filters);
  }

  @Test
  void binaryAndStructuredEventsAreAcceptedAndDelivered() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    broker.recover();

    var a =
        ingest(
            "default", "default", BrokerHarness.binary("b-1", "t.binary"), "{\"n\":1}".getBytes());
    var b =
        ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/cloudevents+json")),
            "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"test\",\"type\":\"t.structured\",\"data\":{\"n\":2}}"
                .getBytes());

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.id()).isEqualTo("b-1");
    assertThat(b.status()).isEqualTo(202);
    BrokerHarness.await(() -> s.received.size() == 2);
    assertThat(s.received)
        .containsExactlyInAnyOrder("t.binary|b-1|{\"n\":1}", "t.structured|s-1|{\"n\":2}");
  }

  @Test
  void invalidEventsAreRejectedWithAMessageNamingWhatIsMissing() throws Exception {
    broker.recover();
    Map<String, List<String>> noType = new java.util.HashMap<>(BrokerHarness.binary("x", "t"));
    noType.remove("ce-type");

    var missing = ingest("default", "default", noType, new byte[0]);
    var plain =
        ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/json")),
            "{}".getBytes());
    var badStructured =
        ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/cloudevents+json")),
            "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}".getBytes());
    var noBroker = ingest("default", "nope", BrokerHarness.binary("x", "t"), new byte[0]);

    assertThat(missing.status()).isEqualTo(400);
    assertThat(missing.message()).isEqualTo("missing required attribute type (header ce-type)");
    assertThat(plain.status()).isEqualTo(400);
    assertThat(plain.message()).startsWith("not a CloudEvent");
    assertThat(badStructured.status()).isEqualTo(400);
    assertThat(badStructured.message()).contains("id");
    assertThat(noBroker.status()).isEqualTo(404);
    assertThat(noBroker.message()).contains("broker default/nope does not exist");
  }

  @Test
  void aRetryableFailureIsRetriedUntilItSucceeds() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 503, 429, 200);
    trigger("sub", Map.of());
    broker.recover();

    ingest("default", "default", BrokerHarness.binary("r-1", "t"), new byte[0]);

    BrokerHarness.await(() -> broker.delivered() == 1);
    assertThat(s.calls.get()).isEqualTo(3);
    assertThat(broker.deliveriesSince(0))
        .last()
        .satisfies(
            r -> {
              assertThat(r.outcome()).isEqualTo("delivered");
              assertThat(r.attempts()).isEqualTo(3);
            });
  }

  @Test
  void aClientErrorIsNotRetriedAndGoesToTheDeadLetters() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 400);
    trigger("sub", Map.of());
    broker.recover();

    ingest("default", "default", BrokerHarness.binary("c-1", "t"), new byte[0]);

    BrokerHarness.await(() -> broker.deadLetters().size() == 1);
    assertThat(s.calls.get()).isEqualTo(1);
    assertThat(broker.deadLetters().get(0).reason()).isEqualTo("HTTP 400 is not retried");
  }

  @Test
  void anExhaustedRetryBudgetDeadLettersAndAReplayDelivers() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 500, 500, 500, 500, 200);
    trigger("sub", Map.of());
    broker.recover();

    ingest("default", "default", BrokerHarness.binary("d-1", "t"), new byte[0]);
    BrokerHarness.await(() -> broker.deadLetters().size() == 1);

    DeadLetter d = broker.deadLetters().get(0);
    assertThat(d.attempts()).isEqualTo(4);
    assertThat(d.reason()).isEqualTo("gave up after 4 attempts; last: HTTP 500");
    assertThat(d.event()).contains("\"id\":\"d-1\"");
    assertThat(broker.replayDeadLetters()).isEqualTo(1);
    BrokerHarness.await(() -> broker.delivered() == 1);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void aSubscriberThatIsDownIsWaitedForWithoutSpendingRetries() throws Exception {
    trigger("sub", Map.of());
    broker.recover();
    ingest("default", "default", BrokerHarness.binary("w-1", "t"), new byte[0]);
    Thread.sleep(500); // longer than the whole retry budget

    BrokerHarness.Subscriber s = subscriber("sub", 200);

    BrokerHarness.await(() -> broker.delivered() == 1);
    assertThat(s.calls.get()).isEqualTo(1);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void aReplyEventIsPublishedBackAndDeliveredToItsSubscriber() throws Exception {
    BrokerHarness.Subscriber first = subscriber("first", 200);
    first.reply = "com.example.balance.updated";
    BrokerHarness.Subscriber second = subscriber("second", 200);
    trigger("first", Map.of("type", "com.example.transaction.created"));
    trigger("second", Map.of("type", "com.example.balance.updated"));
    broker.recover();

    ingest(
        "default",
        "default",
        BrokerHarness.binary("t-1", "com.example.transaction.created"),
        "{}".getBytes());

    BrokerHarness.await(() -> second.received.size() == 1);
    assertThat(second.received.get(0))
        .startsWith("com.example.balance.updated|reply-0|{\"reply\":true}");
    assertThat(first.received).hasSize(1);
  }

  @Test
  void aReplyEventOverTheSizeLimitIsDroppedWithAMessageAndTheDeliveryStillCounts()
      throws Exception {
    h.close();
    h = new BrokerHarness(dir, new EventLimits(1024, 4096, 10));
    broker = h.broker;
    BrokerHarness.Subscriber first = subscriber("first", 200);
    first.reply = "com.example.too.big";
    first.replyBody = ("\"" + "x".repeat(200_000) + "\"").getBytes();
    BrokerHarness.Subscriber second = subscriber("second", 200);
    trigger("first", Map.of("type", "t"));
    trigger("second", Map.of("type", "com.example.too.big"));
    broker.recover();

    ingest("default", "default", BrokerHarness.binary("big-1", "t"), "{}".getBytes());

    BrokerHarness.await(
        () -> h.logLines.stream().anyMatch(l -> l.contains("200002") && l.contains("first")));
    assertThat(broker.delivered()).isEqualTo(1);
    assertThat(broker.deadLetters()).isEmpty();
    assertThat(second.received).isEmpty();
  }

  @Test
  void twoSubscribersOnOneBrokerGetOnlyWhatTheirFiltersMatch() throws Exception {
    BrokerHarness.Subscriber a = subscriber("a", 200);
    BrokerHarness.Subscriber b = subscriber("b", 200);
    trigger("a", Map.of("type", "type.a"));
    trigger("b", Map.of("type", "type.b"));
    broker.recover();

    for (int i = 0; i < 10; i++) {
      ingest("default", "default", BrokerHarness.binary("a-" + i, "type.a"), new byte[0]);
    }
    ingest("default", "default", BrokerHarness.binary("b-0", "type.b"), new byte[0]);
    ingest("default", "default", BrokerHarness.binary("c-0", "type.c"), new byte[0]);

    BrokerHarness.await(() -> broker.delivered() == 11);
    Thread.sleep(100);
    assertThat(a.received).hasSize(10).allMatch(r -> r.startsWith("type.a|"));
    assertThat(b.received).containsExactly("type.b|b-0|");
  }

  @Test
  void eventsAcceptedButNotDeliveredSurviveARestartThroughTheJournal() throws Exception {
    trigger("sub", Map.of());
    broker.recover();
    for (int i = 0; i < 5; i++) {
      ingest("default", "default", BrokerHarness.binary("j-" + i, "t"), new byte[0]);
    }
    broker = h.restart(); // stopped while the subscriber was down

    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    assertThat(broker.recover()).isEqualTo(5);

    BrokerHarness.await(() -> s.received.size() == 5);
    assertThat(s.received)
        .extracting(r -> r.split("\\|")[1])
        .containsExactlyInAnyOrder("j-0", "j-1", "j-2", "j-3", "j-4");
    assertThat(h.logLines).anyMatch(l -> l.contains("resuming 5 event deliveries"));
  }

  @Test
  void deadLettersSurviveARestartAndDeliveredEventsAreNotResent() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    broker.recover();
    ingest("default", "default", BrokerHarness.binary("ok-1", "t"), new byte[0]);
    BrokerHarness.await(() -> broker.delivered() == 1);
    h.ports.put("default/bad", 1); // nothing listens on port 1: connection refused
    trigger("bad", Map.of("type", "t.bad"));
    ingest("default", "default", BrokerHarness.binary("bad-1", "t.bad"), new byte[0]);
    BrokerHarness.await(() -> broker.deadLetters().size() == 1);
    BrokerHarness.await(() -> broker.delivered() == 2); // "sub" has no filter: it got bad-1 too
    broker = h.restart();

    trigger("sub", Map.of());
    trigger("bad", Map.of("type", "t.bad"));
    assertThat(broker.recover()).isZero();

    assertThat(broker.deadLetters())
        .singleElement()
        .satisfies(
            d ->
                assertThat(d.reason())
                    .startsWith("gave up after 4 attempts; last: cannot connect"));
    Thread.sleep(200);
    assertThat(s.calls.get()).as("nothing delivered before the restart is sent again").isEqualTo(2);
  }

  @Test
  void concurrentReplaysSendEachDeadLetterOnce() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 400);
    trigger("sub", Map.of());
    broker.recover();
    for (int i = 0; i < 50; i++) {
      ingest("default", "default", BrokerHarness.binary("dl-" + i, "t"), new byte[0]);
    }
    BrokerHarness.await(() -> broker.deadLetters().size() == 50);
    BrokerHarness.Subscriber ok = subscriber("sub", 200); // the subscriber is fixed
    java.util.concurrent.ConcurrentLinkedQueue<Integer> counts =
        new java.util.concurrent.ConcurrentLinkedQueue<>();
    java.util.concurrent.CountDownLatch go = new java.util.concurrent.CountDownLatch(1);
    List<Thread> replays = new java.util.ArrayList<>();
    for (int i = 0; i < 8; i++) {
      replays.add(
          Thread.ofPlatform()
              .start(
                  () -> {
                    try {
                      go.await();
                    } catch (InterruptedException e) {
                      return;
                    }
                    counts.add(broker.replayDeadLetters());
                  }));
    }
    go.countDown();
    for (Thread t : replays) {
      t.join();
    }

    assertThat(counts.stream().mapToInt(Integer::intValue).sum()).isEqualTo(50);
    BrokerHarness.await(() -> broker.delivered() == 50);
    assertThat(ok.ids()).hasSize(50).doesNotHaveDuplicates();
    assertThat(broker.deadLetters()).isEmpty();
    assertThat(s.calls.get()).isEqualTo(50);
  }

  @Test
  void aSubscriberSlowerThanTheTimeoutIsCutOffRetriedAndThenDeadLettered() throws Exception {
    com.sun.net.httpserver.HttpServer slow =
        com.sun.net.httpserver.HttpServer.create(
            new java.net.InetSocketAddress("127.0.0.1", 0), 16);
    java.util.concurrent.atomic.AtomicInteger calls =
        new java.util.concurrent.atomic.AtomicInteger();
    slow.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
    slow.createContext(
        "/",
        ex -> {
          calls.incrementAndGet();
          try {
            Thread.sleep(3_000);
            ex.sendResponseHeaders(200, -1);
          } catch (InterruptedException | IOException e) {
            // the broker hung up
          }
          ex.close();
        });
    slow.start();
    DeliveryPolicy policy =
        new DeliveryPolicy(
            1,
            java.time.Duration.ofMillis(10),
            java.time.Duration.ofMillis(10),
            4,
            java.time.Duration.ofMillis(300));
    try (EventBroker b =
        new EventBroker(
            policy,
            EventLimits.defaults(),
            (ns, name) -> slow.getAddress().getPort(),
            new EventJournal(dir.resolve("slow.jsonl")),
            line -> {})) {
      b.declareBroker("default", "default");
      b.addTrigger(new Trigger("default", "default", "slow", Map.of()));
      b.recover();
      b.ingest("default", "default", BrokerHarness.binary("s-1", "t"), new byte[0])
          .toCompletableFuture()
          .join();

      BrokerHarness.await(() -> b.deadLetters().size() == 1);
      assertThat(b.deadLetters().get(0).reason())
          .isEqualTo("gave up after 2 attempts; last: no answer within 300 ms (request timed out)");
      assertThat(calls.get()).isEqualTo(2);
      // The subscriber would have answered 200 after 3 s: cut off, both attempts failed.
      assertThat(b.delivered()).isZero();
    } finally {
      slow.stop(0);
    }
  }

  @Test
  void aSubscriberThatNeverStartsDoesNotHoldBackAnother() throws Exception {
    trigger("never", Map.of()); // no port, ever
    BrokerHarness.Subscriber live = subscriber("live", 200);
    trigger("live", Map.of());
    broker.recover();

    for (int i = 0; i < 300; i++) {
      ingest("default", "default", BrokerHarness.binary("n-" + i, "t"), new byte[0]);
    }

    BrokerHarness.await(() -> live.received.size() == 300);
    assertThat(broker.deadLetters()).as("waiting spends no retries").isEmpty();
    assertThat(broker.queued())
        .as("the never-started subscriber keeps its events queued, %d in flight at most", 4)
        .isEqualTo(300 - BrokerHarness.FAST.concurrency());
  }

  @Test
  void aRemovedTriggerDeadLettersWhatItHadNotDeliveredAndAReplayAfterItIsBackSendsIt()
      throws Exception {
    trigger("sub", Map.of());
    broker.recover();
    for (int i = 0; i < 3; i++) {
      ingest("default", "default", BrokerHarness.binary("rm-" + i, "t"), new byte[0]);
    }

    assertThat(broker.removeTrigger("default", "default", "sub")).isTrue();
    assertThat(broker.removeTrigger("default", "default", "sub")).isFalse();
    assertThat(broker.deadLetters())
        .hasSize(3)
        .allSatisfy(d -> assertThat(d.reason()).isEqualTo("its trigger was removed"));
    assertThat(broker.replayDeadLetters()).as("no trigger, nothing to replay").isZero();

    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    assertThat(broker.replayDeadLetters()).isEqualTo(3);
    BrokerHarness.await(() -> s.received.size() == 3);
    assertThat(s.ids()).containsExactlyInAnyOrder("rm-0", "rm-1", "rm-2");
  }

  @Test
  void aBatchIsAcceptedWholeOrRefusedWhole() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    broker.recover();
    Map<String, List<String>> batch =
        Map.of("content-type", List.of("application/cloudevents-batch+json"));

    var ok =
        ingest(
            "default",
            "default",
            batch,
            ("[{\"specversion\":\"1.0\",\"id\":\"b1\",\"source\":\"s\",\"type\":\"t\"},"
                    + "{\"specversion\":\"1.0\",\"id\":\"b2\",\"source\":\"s\",\"type\":\"t\","
                    + "\"data\":{\"n\":2}}]")
                .getBytes());
    var bad =
        ingest(
            "default",
            "default",
            batch,
            "[{\"specversion\":\"1.0\",\"id\":\"b3\",\"source\":\"s\",\"type\":\"t\"},{\"id\":\"x\"}]"
                .getBytes());

    assertThat(ok.status()).isEqualTo(202);
    assertThat(ok.ids()).containsExactly("b1", "b2");
    assertThat(bad.status()).isEqualTo(400);
    assertThat(bad.message()).startsWith("event 1 of the batch");
    BrokerHarness.await(() -> s.received.size() == 2);
    assertThat(s.ids()).containsExactlyInAnyOrder("b1", "b2");
  }

  @Test
  void aBodyOverTheLimitIsRefusedWith413() throws Exception {
    h.close();
    h = new BrokerHarness(dir, new EventLimits(1024, 4096, 10));
    broker = h.broker;
    trigger("sub", Map.of());
    broker.recover();

    var single = ingest("default", "default", BrokerHarness.binary("big", "t"), new byte[1025]);
    var batch =
        ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/cloudevents-batch+json")),
            new byte[4097]);

    assertThat(single.status()).isEqualTo(413);
    assertThat(single.message()).contains("at most 1024 bytes").contains("ZENITH_EVENT_MAX_BYTES");
    assertThat(batch.status()).isEqualTo(413);
    assertThat(batch.message()).contains("at most 4096 bytes");
    assertThat(broker.accepted()).isZero();
  }

  @Test
  void aPercentEncodedExtensionIsDecodedForFiltersAndEncodedAgainOnDelivery() throws Exception {
    BrokerHarness.Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of("city", "Zürich €"));
    broker.recover();
    Map<String, List<String>> headers = new java.util.HashMap<>(BrokerHarness.binary("pe-1", "t"));
    headers.put("ce-city", List.of("Z%C3%BCrich%20%E2%82%AC"));
    Map<String, List<String>> other = new java.util.HashMap<>(BrokerHarness.binary("pe-2", "t"));
    other.put("ce-city", List.of("Zurich"));
    Map<String, List<String>> broken = new java.util.HashMap<>(BrokerHarness.binary("pe-3", "t"));
    broken.put("ce-city", List.of("%C0%A0"));

    assertThat(ingest("default", "default", headers, new byte[0]).status()).isEqualTo(202);
    assertThat(ingest("default", "default", other, new byte[0]).status()).isEqualTo(202);
    var refused = ingest("default", "default", broken, new byte[0]);

    BrokerHarness.await(() -> s.received.size() == 1);
    assertThat(s.ids()).containsExactly("pe-1");
    assertThat(s.headers.get(0).get("Ce-city")).containsExactly("Z%C3%BCrich%20%E2%82%AC");
    assertThat(refused.status()).isEqualTo(400);
    assertThat(refused.message())
        .isEqualTo("header ce-city: percent-encoded bytes that are not UTF-8");
  }
}
