package com.zenith.functions.local.bench;

import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.EventJournal;
import com.zenith.functions.local.events.Trigger;
import com.zenith.functions.local.gateway.AccessLog;
import com.zenith.functions.local.gateway.ControlApi;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The engine's side of {@link EventsBenchmark} in a JVM of its own, as {@code zenith dev} runs: the
 * gateway and the broker, with one trigger to the subscriber on the port given. Prints {@code
 * gateway <port>} once it listens, then answers commands on stdin: {@code drain} (waits until every
 * accepted event is delivered), {@code watch} and {@code peak} (the most heap in use between them),
 * {@code heap} (in use after a GC). Stops when stdin closes. Not a test.
 */
public final class EventsBenchmarkEngine {
  public static void main(String[] args) throws Exception {
    int subPort = Integer.parseInt(args[0]);
    Path dir = Files.createTempDirectory("zenith-events-bench");
    RouteTable routes = new RouteTable();
    routes.put(new Route("sub", "default", Visibility.CLUSTER_LOCAL, null, subPort, null));
    EventBroker broker =
        new EventBroker(
            DeliveryPolicy.fromEnv(System.getenv()),
            (ns, n) -> routes.get(ns, n).port(),
            new EventJournal(dir.resolve("journal.jsonl")),
            System.err::println);
    broker.declareBroker("default", "default");
    broker.addTrigger(new Trigger("default", "default", "sub", Map.of()));
    broker.recover();
    ControlApi control =
        new ControlApi() {
          @Override
          public String functionsJson() {
            return "{}";
          }

          @Override
          public CompletionStage<Answer> ingest(
              String ns, String name, Map<String, List<String>> headers, byte[] body) {
            return broker
                .ingest(ns, name, headers, body)
                .thenApply(i -> new Answer(i.status(), "{}"));
          }
        };
    Gateway gateway = new Gateway(routes, AccessLog.none(), control, "127.0.0.1");
    System.out.println("gateway " + gateway.listen(0));
    System.out.flush();
    Runtime rt = Runtime.getRuntime();
    AtomicLong peak = new AtomicLong();
    AtomicBoolean watching = new AtomicBoolean();
    var in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
    for (String line; (line = in.readLine()) != null; ) {
      switch (line.strip()) {
        case "drain" -> {
          long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
          while (broker.delivered() < broker.accepted() && System.nanoTime() < deadline) {
            Thread.sleep(10);
          }
          System.out.println("drained");
        }
        case "heap" -> {
          System.gc();
          System.out.println("heap " + (rt.totalMemory() - rt.freeMemory()));
        }
        case "watch" -> {
          peak.set(rt.totalMemory() - rt.freeMemory());
          watching.set(true);
          Thread.ofPlatform()
              .daemon()
              .start(
                  () -> {
                    while (watching.get()) {
                      peak.accumulateAndGet(rt.totalMemory() - rt.freeMemory(), Math::max);
                      try {
                        Thread.sleep(2);
                      } catch (InterruptedException e) {
                        return;
                      }
                    }
                  });
          System.out.println("watching");
        }
        case "peak" -> {
          watching.set(false);
          System.out.println("peak " + peak.get());
        }
        default -> System.out.println("unknown command " + line);
      }
      System.out.flush();
    }
    gateway.close();
    broker.close();
  }

  private EventsBenchmarkEngine() {}
}
