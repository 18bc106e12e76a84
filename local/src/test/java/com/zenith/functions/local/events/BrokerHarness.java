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

/**
 * A broker journaling into a temporary directory, with real HTTP subscribers on loopback, that a
 * test can stop and start again as zenith dev would be.
 */
public final class BrokerHarness implements AutoCloseable {
  public static final DeliveryPolicy FAST =
      new DeliveryPolicy(
          3, Duration.ofMillis(20), Duration.ofMillis(100), 4, Duration.ofSeconds(5));

  public final Map<String, Integer> ports = new ConcurrentHashMap<>();
  public final List<String> logLines = new CopyOnWriteArrayList<>();
  private final List<HttpServer> servers = new CopyOnWriteArrayList<>();
  private final Path dir;
  private final EventLimits limits;
  public EventBroker broker;

  public BrokerHarness(Path dir) {
    this(dir, EventLimits.defaults());
  }

  public BrokerHarness(Path dir, EventLimits limits) {
    this.dir = dir;
    this.limits = limits;
    this.broker = newBroker();
  }

  public Path journal() {
    return dir.resolve("journal.jsonl");
  }

  private EventBroker newBroker() {
    EventBroker b =
        new EventBroker(
            FAST,
            limits,
            (ns, name) -> ports.getOrDefault(ns + "/" + name, 0),
            new EventJournal(journal()),
            logLines::add);
    b.declareBroker("default", "default");
    return b;
  }

  /** Stops the broker (what it holds stays in the journal) and makes a new one, not recovered. */
  public EventBroker restart() {
    broker.close();
    broker = newBroker();
    return broker;
  }

  public void trigger(String subscriber, Map<String, String> filters) {
    broker.addTrigger(new Trigger("default", "default", subscriber, filters));
  }

  /** Ingests and waits for the broker's answer (202 means it is in the journal). */
  public EventBroker.Ingest ingest(Map<String, List<String>> headers, byte[] body) {
    return broker.ingest("default", "default", headers, body).toCompletableFuture().join();
  }

  public static Map<String, List<String>> binary(String id, String type) {
    return Map.of(
        "ce-specversion", List.of("1.0"),
        "ce-id", List.of(id),
        "ce-source", List.of("test"),
        "ce-type", List.of(type),
        "content-type", List.of("application/json"));
  }

  public static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (System.nanoTime() < deadline && !condition.getAsBoolean()) {
      Thread.sleep(10);
    }
    assertThat(condition.getAsBoolean()).as("condition within 20 s").isTrue();
  }

  /** A subscriber answering with the statuses given in turn (the last one repeats). */
  public Subscriber subscriber(String name, int... statuses) throws IOException {
    Subscriber s = new Subscriber();
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          int n = s.calls.getAndIncrement();
          int status = statuses[Math.min(n, statuses.length - 1)];
          s.headers.add(Map.copyOf(ex.getRequestHeaders()));
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
            byte[] body =
                s.replyBody != null
                    ? s.replyBody
                    : "{\"reply\":true}".getBytes(StandardCharsets.UTF_8);
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

  /** What one subscriber got: "type|id|body" per request, and the request headers. */
  public static final class Subscriber {
    public final AtomicInteger calls = new AtomicInteger();
    public final List<String> received = new CopyOnWriteArrayList<>();
    public final List<Map<String, List<String>>> headers = new CopyOnWriteArrayList<>();
    public volatile String reply;
    public volatile byte[] replyBody;

    public List<String> ids() {
      return received.stream().map(r -> r.split("\\|", 3)[1]).toList();
    }
  }

  @Override
  public void close() {
    broker.close();
    servers.forEach(s -> s.stop(0));
  }
}
