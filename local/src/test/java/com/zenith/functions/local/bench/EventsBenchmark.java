package com.zenith.functions.local.bench;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second and publish -> delivery latency through zenith dev's broker (gateway ingress,
 * journal, binary delivery) to a trivial subscriber, with the direct POST rate to the same
 * subscriber measured in the same run. The engine runs in a JVM of its own ({@link
 * EventsBenchmarkEngine}); this one publishes and subscribes. Not a test: run with bench/events.
 */
public final class EventsBenchmark {
  private static final AtomicLong received = new AtomicLong();
  private static final ConcurrentLinkedQueue<Long> latencies = new ConcurrentLinkedQueue<>();

  /** Publish -> the ingress's answer, in the paced run: the ingest's share of the latency. */
  private static final ConcurrentLinkedQueue<Long> answers = new ConcurrentLinkedQueue<>();

  public static void main(String[] args) throws Exception {
    int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    int concurrency = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    HttpServer subscriber = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 1024);
    subscriber.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
    subscriber.createContext(
        "/",
        ex -> {
          String sent = ex.getRequestHeaders().getFirst("ce-benchsent");
          if (sent != null) {
            latencies.add(System.nanoTime() - Long.parseLong(sent));
          }
          ex.getRequestBody().readAllBytes();
          received.incrementAndGet();
          ex.sendResponseHeaders(200, -1);
          ex.close();
        });
    subscriber.start();
    int subPort = subscriber.getAddress().getPort();

    Engine engine = Engine.start(subPort);
    int gw = engine.port;
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    URI direct = URI.create("http://127.0.0.1:" + subPort + "/");
    URI ingress = URI.create("http://127.0.0.1:" + gw + "/_zenith/broker/default/default");
    run(client, direct, 2, concurrency); // warm-up
    run(client, ingress, 2, concurrency);
    engine.ask("drain");
    received.set(0);
    latencies.clear();

    long directCount = run(client, direct, seconds, concurrency);
    double directRate = directCount / (double) seconds;
    received.set(0);
    latencies.clear();

    long start = System.nanoTime();
    long published = run(client, ingress, seconds, concurrency);
    while (received.get() < published
        && System.nanoTime() - start < Duration.ofSeconds(seconds + 60).toNanos()) {
      Thread.sleep(5);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    double eventRate = received.get() / elapsed;
    long[] lat = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "concurrency %d, %d s per run, %d cores%n",
        concurrency, seconds, Runtime.getRuntime().availableProcessors());
    System.out.printf("direct POST to the subscriber: %.0f req/s%n", directRate);
    System.out.printf(
        "events through the broker:     %.0f events/s (%d published, %d delivered)%n",
        eventRate, published, received.get());
    System.out.printf(
        "publish -> delivery latency:   p50 %.2f ms, p99 %.2f ms%n",
        pct(lat, 50) / 1e6, pct(lat, 99) / 1e6);
    System.out.printf("ratio events/direct = %.2f   (target >= 0.4)%n", eventRate / directRate);

    // Latency at saturation is only queueing: measure it again at a fixed half of the capacity.
    int rate = (int) Math.max(1, eventRate / 2);
    received.set(0);
    latencies.clear();
    long sent = paced(client, ingress, seconds, rate);
    long paceStart = System.nanoTime();
    while (received.get() < sent
        && System.nanoTime() - paceStart < Duration.ofSeconds(30).toNanos()) {
      Thread.sleep(5);
    }
    long[] half = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "at %d events/s (half the capacity): p50 %.2f ms, p99 %.2f ms (%d published, %d"
            + " delivered)%n",
        rate, pct(half, 50) / 1e6, pct(half, 99) / 1e6, sent, received.get());
    long[] answered = answers.stream().mapToLong(Long::longValue).sorted().toArray();
    System.out.printf(
        "  of which publish -> the ingress's 202: p50 %.2f ms, p99 %.2f ms%n",
        pct(answered, 50) / 1e6, pct(answered, 99) / 1e6);

    oversized(client, ingress, engine);
    engine.stop();
    subscriber.stop(0);
    System.exit(0);
  }

  /**
   * Publishes at a fixed rate for {@code seconds}: each event has its own start time on the
   * schedule, so a slow answer does not hide the wait it causes (no coordinated omission).
   */
  private static long paced(HttpClient client, URI uri, int seconds, int rate) throws Exception {
    AtomicLong ok = new AtomicLong();
    long start = System.nanoTime();
    long total = (long) rate * seconds;
    long interval = 1_000_000_000L / rate;
    AtomicLong ids = new AtomicLong();
    java.util.concurrent.ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
    for (long i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      pool.submit(
          () -> {
            HttpRequest req = event(uri, "p-" + ids.incrementAndGet(), due);
            try {
              if (client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode() / 100
                  == 2) {
                answers.add(System.nanoTime() - due);
                ok.incrementAndGet();
              }
            } catch (Exception e) {
              // counted as not published
            }
          });
    }
    pool.shutdown();
    pool.awaitTermination(60, java.util.concurrent.TimeUnit.SECONDS);
    return ok.get();
  }

  private static HttpRequest event(URI uri, String id, long sentNanos) {
    return HttpRequest.newBuilder(uri)
        .header("ce-specversion", "1.0")
        .header("ce-id", id)
        .header("ce-source", "bench")
        .header("ce-type", "bench.event")
        .header("ce-benchsent", Long.toString(sentNanos))
        .header("content-type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"n\":1}"))
        .build();
  }

  /** A 100 MB event: the answer, and how much the engine's heap grew while it was sent. */
  private static void oversized(HttpClient client, URI uri, Engine engine) throws Exception {
    long size = 100L << 20;
    long before = Long.parseLong(engine.ask("heap").split(" ")[1]);
    engine.ask("watch");
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .header("ce-specversion", "1.0")
            .header("ce-id", "huge")
            .header("ce-source", "bench")
            .header("ce-type", "bench.huge")
            .header("content-type", "application/octet-stream")
            .POST(
                HttpRequest.BodyPublishers.fromPublisher(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () ->
                            new java.io.InputStream() {
                              long left = size;

                              @Override
                              public int read() {
                                return left-- > 0 ? 0 : -1;
                              }

                              @Override
                              public int read(byte[] b, int off, int len) {
                                if (left <= 0) {
                                  return -1;
                                }
                                int n = (int) Math.min(len, left);
                                java.util.Arrays.fill(b, off, off + n, (byte) 0);
                                left -= n;
                                return n;
                              }
                            }),
                    size))
            .build();
    int status = client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
    long peak = Long.parseLong(engine.ask("peak").split(" ")[1]);
    System.out.printf(
        "a 100 MB event: HTTP %d; the engine's heap in use %.0f MB before, at most %.0f MB while"
            + " it streamed%n",
        status, before / 1e6, peak / 1e6);
  }

  private static long pct(long[] sorted, int p) {
    return sorted.length == 0
        ? 0
        : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
  }

  /**
   * The engine (gateway and broker) in a JVM of its own with the flags {@code zenith dev} runs with
   * (BENCH_ENGINE_JAVA_OPTS, set by bench/events), so that this JVM's load generator and subscriber
   * do not add their garbage collections to the engine's.
   */
  private static final class Engine {
    final Process process;
    final int port;
    private final java.io.BufferedReader out;
    private final java.io.Writer in;

    private Engine(Process process) throws java.io.IOException {
      this.process = process;
      this.out = process.inputReader(java.nio.charset.StandardCharsets.UTF_8);
      this.in = process.outputWriter(java.nio.charset.StandardCharsets.UTF_8);
      String first = out.readLine();
      while (first != null && !first.startsWith("gateway ")) {
        System.out.println("engine: " + first); // the JVM's own notes (a JFR recording started)
        first = out.readLine();
      }
      if (first == null) {
        throw new IllegalStateException("the engine did not start");
      }
      this.port = Integer.parseInt(first.substring("gateway ".length()));
    }

    static Engine start(int subscriberPort) throws java.io.IOException {
      List<String> cmd = new ArrayList<>();
      cmd.add(ProcessHandle.current().info().command().orElse("java"));
      String opts = System.getenv().getOrDefault("BENCH_ENGINE_JAVA_OPTS", "");
      for (String o : opts.trim().split("\\s+")) {
        if (!o.isEmpty()) {
          cmd.add(o);
        }
      }
      cmd.addAll(
          List.of(
              "-cp",
              System.getProperty("java.class.path"),
              EventsBenchmarkEngine.class.getName(),
              Integer.toString(subscriberPort)));
      return new Engine(
          new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start());
    }

    /** Sends a command and returns the engine's one-line answer. */
    String ask(String command) throws java.io.IOException {
      in.write(command + "\n");
      in.flush();
      String answer = out.readLine();
      if (answer == null) {
        throw new IllegalStateException("the engine stopped");
      }
      return answer;
    }

    void stop() throws Exception {
      in.close();
      if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  /** Sends as many requests as {@code concurrency} senders manage in {@code seconds}. */
  private static long run(HttpClient client, URI uri, int seconds, int concurrency)
      throws Exception {
    AtomicLong ok = new AtomicLong();
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> threads = new ArrayList<>();
    AtomicLong ids = new AtomicLong();
    for (int i = 0; i < concurrency; i++) {
      threads.add(
          Thread.ofVirtual()
              .start(
                  () -> {
                    while (System.nanoTime() < end) {
                      HttpRequest req = event(uri, "e-" + ids.incrementAndGet(), System.nanoTime());
                      try {
                        int status =
                            client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
                        if (status / 100 == 2) {
                          ok.incrementAndGet();
                        }
                      } catch (Exception e) {
                        return;
                      }
                    }
                  }));
    }
    for (Thread t : threads) {
      t.join();
    }
    return ok.get();
  }

  private EventsBenchmark() {}
}
