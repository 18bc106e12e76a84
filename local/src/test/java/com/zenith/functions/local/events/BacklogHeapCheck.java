package com.zenith.functions.local.events;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.BitSet;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a JVM of its own with a small heap by {@link EventBacklogHeapTest}: accepts a backlog of
 * events for a subscriber that is down, larger in all than that heap, restarts the broker on the
 * same journal, then lets the subscriber up and counts what arrives. Args: directory, events, body
 * bytes, held events, held bytes. Prints one line and exits 0 when every event arrived once with
 * its whole body, 1 otherwise.
 */
public final class BacklogHeapCheck {
  private BacklogHeapCheck() {}

  public static void main(String[] args) throws Exception {
    Path dir = Files.createDirectories(Path.of(args[0]));
    int events = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    EventLimits limits =
        new EventLimits(
            4L << 20, 16L << 20, 1000, Integer.parseInt(args[3]), Long.parseLong(args[4]));
    byte[] body = new byte[size];
    java.util.Arrays.fill(body, (byte) 'x');
    body[0] = '"';
    body[size - 1] = '"';

    try (BrokerHarness h = new BrokerHarness(dir, limits)) {
      h.trigger("sub", Map.of());
      h.broker.recover();
      ArrayDeque<CompletableFuture<EventBroker.Ingest>> window = new ArrayDeque<>();
      for (int i = 0; i < events; i++) {
        window.add(
            h.broker
                .ingest("default", "default", BrokerHarness.binary("ev-" + i, "t"), body)
                .toCompletableFuture());
        if (window.size() >= 64) {
          accepted(window.poll().join());
        }
      }
      while (!window.isEmpty()) {
        accepted(window.poll().join());
      }

      h.restart();
      h.trigger("sub", Map.of());
      int resumed = h.broker.recover();

      BitSet seen = new BitSet(events);
      AtomicInteger wrong = new AtomicInteger();
      HttpServer server = subscriber(seen, wrong, size);
      h.ports.put("default/sub", server.getAddress().getPort());
      long deadline = System.nanoTime() + 120_000_000_000L;
      while (h.broker.delivered() < events && System.nanoTime() < deadline) {
        Thread.sleep(20);
      }
      server.stop(0);
      int arrived;
      synchronized (seen) {
        arrived = seen.cardinality();
      }
      System.out.printf(
          "accepted %d, resumed %d after the restart, delivered %d, arrived %d distinct, %d"
              + " wrong or repeated; heap max %d MB, peak used %d MB%n",
          events,
          resumed,
          h.broker.delivered(),
          arrived,
          wrong.get(),
          Runtime.getRuntime().maxMemory() >> 20,
          peakHeapUsed() >> 20);
      boolean ok = resumed == events && arrived == events && wrong.get() == 0;
      System.exit(ok ? 0 : 1);
    }
  }

  private static void accepted(EventBroker.Ingest in) {
    if (in.status() != 202) {
      throw new IllegalStateException("refused: " + in.status() + " " + in.message());
    }
  }

  /**
   * A subscriber that keeps only which ids came, and counts bodies of the wrong size or repeats.
   */
  private static HttpServer subscriber(BitSet seen, AtomicInteger wrong, int size)
      throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
    server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    server.createContext(
        "/",
        ex -> {
          int n = Integer.parseInt(ex.getRequestHeaders().getFirst("ce-id").substring(3));
          int length = ex.getRequestBody().readAllBytes().length;
          synchronized (seen) {
            if (length != size || seen.get(n)) {
              wrong.incrementAndGet();
            }
            seen.set(n);
          }
          ex.sendResponseHeaders(202, -1);
          ex.close();
        });
    server.start();
    return server;
  }

  private static long peakHeapUsed() {
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    return peak;
  }
}
