package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The broker against real HTTP subscribers on loopback. */
class EventBrokerTest {
  @TempDir Path dir;
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final List<String> logLines = new CopyOnWriteArrayList<>();
  private EventBroker broker;

  private static final DeliveryPolicy FAST =
      new DeliveryPolicy(
          3, Duration.ofMillis(20), Duration.ofMillis(100), 4, Duration.ofSeconds(5));

  @BeforeEach
  void start() throws IOException {
    broker = newBroker();
  }

  private EventBroker newBroker() throws IOException {
    EventBroker b =
        new EventBroker(
            FAST,
            (ns, name) -> ports.getOrDefault(ns + "/" + name, 0),
            new EventJournal(dir.resolve("journal.jsonl")),
            logLines::add);
    b.declareBroker("default", "default");
    return b;
  }

  @AfterEach
  void stop() {
    broker.close();
    servers.forEach(s -> s.stop(0));
  }

  /** A subscriber answering with the statuses given in turn (the last one repeats). */
  private Subscriber subscriber(String name, int... statuses) throws IOException {
    Subscriber s = new Subscriber(statuses);
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          int n = s.calls.getAndIncrement();
          int status = statuses[Math.min(n, statuses.length - 1)];
          s.received.add(
              ex.getRequestHeaders().getFirst("ce-type")
                  + "|"
                  + ex.getRequestHeaders().getFirst("ce-id")
                  + "|"
                  + new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
          if (s.reply != null && status == 200) {
            ex.getResponseHeaders().add("ce-specversion", "1.0");
            ex.getResponseHeaders().add("ce-id", "reply-" + n);
            ex.getResponseHeaders().add("ce-source", name);
            ex.getResponseHeaders().add("ce-type", s.reply);
            ex.getResponseHeaders().add("content-type", "application/json");
            byte[] body = "{\"reply\":true}".getBytes(StandardCharsets.UTF_8);
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
          } else {
            ex.sendResponseHeaders(status, -1);
          }
          ex.close();
        });
    server.start();
    servers.add(server);
    ports.put("default/" + name, server.getAddress().getPort());
    return s;
  }

  static final class Subscriber {
    final AtomicInteger calls = new AtomicInteger();
    final List<String> received = new CopyOnWriteArrayList<>();
    final int[] statuses;
    volatile String reply;

    Subscriber(int[] statuses) {
      this.statuses = statuses;
    }
  }

  private static Map<String, List<String>> binary(String id, String type) {
    return Map.of(
        "ce-specversion", List.of("1.0"),
        "ce-id", List.of(id),
        "ce-source", List.of("test"),
        "ce-type", List.of(type),
        "content-type", List.of("application/json"));
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
  }

  private void trigger(String subscriber, Map<String, String> filters) {
    broker.addTrigger(new Trigger("default", "default", subscriber, filters));
  }

  @Test
  void binaryAndStructuredEventsAreAcceptedAndDelivered() throws Exception {
    Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    broker.recover();

    var a = broker.ingest("default", "default", binary("b-1", "t.binary"), "{\"n\":1}".getBytes());
    var b =
        broker.ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/cloudevents+json")),
            "{\"specversion\":\"1.0\",\"id\":\"s-1\",\"source\":\"test\",\"type\":\"t.structured\",\"data\":{\"n\":2}}"
                .getBytes());

    assertThat(a.status()).isEqualTo(202);
    assertThat(a.id()).isEqualTo("b-1");
    assertThat(b.status()).isEqualTo(202);
    await(() -> s.received.size() == 2);
    assertThat(s.received)
        .containsExactlyInAnyOrder("t.binary|b-1|{\"n\":1}", "t.structured|s-1|{\"n\":2}");
  }

  @Test
  void invalidEventsAreRejectedWithAMessageNamingWhatIsMissing() throws Exception {
    broker.recover();
    Map<String, List<String>> noType = new java.util.HashMap<>(binary("x", "t"));
    noType.remove("ce-type");

    var missing = broker.ingest("default", "default", noType, new byte[0]);
    var plain =
        broker.ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/json")),
            "{}".getBytes());
    var badStructured =
        broker.ingest(
            "default",
            "default",
            Map.of("content-type", List.of("application/cloudevents+json")),
            "{\"specversion\":\"1.0\",\"source\":\"s\",\"type\":\"t\"}".getBytes());
    var noBroker = broker.ingest("default", "nope", binary("x", "t"), new byte[0]);

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
    Subscriber s = subscriber("sub", 503, 429, 200);
    trigger("sub", Map.of());
    broker.recover();

    broker.ingest("default", "default", binary("r-1", "t"), new byte[0]);

    await(() -> broker.delivered() == 1);
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
    Subscriber s = subscriber("sub", 400);
    trigger("sub", Map.of());
    broker.recover();

    broker.ingest("default", "default", binary("c-1", "t"), new byte[0]);

    await(() -> broker.deadLetters().size() == 1);
    assertThat(s.calls.get()).isEqualTo(1);
    assertThat(broker.deadLetters().get(0).reason()).isEqualTo("HTTP 400 is not retried");
  }

  @Test
  void anExhaustedRetryBudgetDeadLettersAndAReplayDelivers() throws Exception {
    Subscriber s = subscriber("sub", 500, 500, 500, 500, 200);
    trigger("sub", Map.of());
    broker.recover();

    broker.ingest("default", "default", binary("d-1", "t"), new byte[0]);
    await(() -> broker.deadLetters().size() == 1);

    DeadLetter d = broker.deadLetters().get(0);
    assertThat(d.attempts()).isEqualTo(4);
    assertThat(d.reason()).isEqualTo("gave up after 4 attempts; last: HTTP 500");
    assertThat(d.event()).contains("\"id\":\"d-1\"");
    assertThat(broker.replayDeadLetters()).isEqualTo(1);
    await(() -> broker.delivered() == 1);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void aSubscriberThatIsDownIsWaitedForWithoutSpendingRetries() throws Exception {
    trigger("sub", Map.of());
    broker.recover();
    broker.ingest("default", "default", binary("w-1", "t"), new byte[0]);
    Thread.sleep(500); // longer than the whole retry budget

    Subscriber s = subscriber("sub", 200);

    await(() -> broker.delivered() == 1);
    assertThat(s.calls.get()).isEqualTo(1);
    assertThat(broker.deadLetters()).isEmpty();
  }

  @Test
  void aReplyEventIsPublishedBackAndDeliveredToItsSubscriber() throws Exception {
    Subscriber first = subscriber("first", 200);
    first.reply = "com.example.balance.updated";
    Subscriber second = subscriber("second", 200);
    trigger("first", Map.of("type", "com.example.transaction.created"));
    trigger("second", Map.of("type", "com.example.balance.updated"));
    broker.recover();

    broker.ingest(
        "default", "default", binary("t-1", "com.example.transaction.created"), "{}".getBytes());

    await(() -> second.received.size() == 1);
    assertThat(second.received.get(0))
        .startsWith("com.example.balance.updated|reply-0|{\"reply\":true}");
    assertThat(first.received).hasSize(1);
  }

  @Test
  void twoSubscribersOnOneBrokerGetOnlyWhatTheirFiltersMatch() throws Exception {
    Subscriber a = subscriber("a", 200);
    Subscriber b = subscriber("b", 200);
    trigger("a", Map.of("type", "type.a"));
    trigger("b", Map.of("type", "type.b"));
    broker.recover();

    for (int i = 0; i < 10; i++) {
      broker.ingest("default", "default", binary("a-" + i, "type.a"), new byte[0]);
    }
    broker.ingest("default", "default", binary("b-0", "type.b"), new byte[0]);
    broker.ingest("default", "default", binary("c-0", "type.c"), new byte[0]);

    await(() -> broker.delivered() == 11);
    Thread.sleep(100);
    assertThat(a.received).hasSize(10).allMatch(r -> r.startsWith("type.a|"));
    assertThat(b.received).containsExactly("type.b|b-0|");
  }

  @Test
  void eventsAcceptedButNotDeliveredSurviveARestartThroughTheJournal() throws Exception {
    trigger("sub", Map.of());
    broker.recover();
    for (int i = 0; i < 5; i++) {
      broker.ingest("default", "default", binary("j-" + i, "t"), new byte[0]);
    }
    broker.close(); // stopped while the subscriber was down

    broker = newBroker();
    Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    assertThat(broker.recover()).isEqualTo(5);

    await(() -> s.received.size() == 5);
    assertThat(s.received)
        .extracting(r -> r.split("\\|")[1])
        .containsExactlyInAnyOrder("j-0", "j-1", "j-2", "j-3", "j-4");
    assertThat(logLines).anyMatch(l -> l.contains("resuming 5 event deliveries"));
  }

  @Test
  void deadLettersSurviveARestartAndDeliveredEventsAreNotResent() throws Exception {
    Subscriber s = subscriber("sub", 200);
    trigger("sub", Map.of());
    broker.recover();
    broker.ingest("default", "default", binary("ok-1", "t"), new byte[0]);
    await(() -> broker.delivered() == 1);
    ports.put("default/bad", 1); // nothing listens on port 1: connection refused
    trigger("bad", Map.of("type", "t.bad"));
    broker.ingest("default", "default", binary("bad-1", "t.bad"), new byte[0]);
    await(() -> broker.deadLetters().size() == 1);
    await(() -> broker.delivered() == 2); // "sub" has no filter: it got bad-1 too
    broker.close();

    broker = newBroker();
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
}
