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
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second and publish -> delivery latency through zenith dev's broker (gateway ingress,
 * journal, binary delivery) to a trivial subscriber, with the direct POST rate to the same
 * subscriber measured in the same run. The engine runs in a JVM of its own ({@link
 * EventsBenchmarkEngine}); this one publishes ({@link Publisher}) and subscribes (the JDK's
 * HttpServer). Not a test: run with bench/events.
 */
public final class EventsBenchmark {
  private static final AtomicLong received = new AtomicLong();
  private static final Samples latencies = new Samples();

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
            latencies.add(Long.parseLong(sent), System.nanoTime());
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
    // The JDK's client sends the 100 MB event (streamed, as a real publisher would).
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .version(HttpClient.Version.HTTP_1_1)
            .build();

    URI ingress = URI.create("http://127.0.0.1:" + gw + "/_zenith/broker/default/default");
    Publisher direct = new Publisher("127.0.0.1", subPort, "/");
    Publisher broker = new Publisher("127.0.0.1", gw, ingress.getPath());
    direct.closedLoop(concurrency, 2, "w-"); // warm-up
    // The engine's JIT: C2 still compiled for 40 s and more after a 2 s warm-up (974 compilations,
    // 6 of 8 s of CPU in the saturated run), which a long-running engine has long done.
    int warm = Integer.parseInt(System.getenv().getOrDefault("BENCH_EVENTS_ENGINE_WARMUP", "20"));
    long[] cpuWarm = engine.cpu();
    broker.closedLoop(concurrency, Math.max(1, warm / 2), "w-");
    engine.ask("drain");
    broker.paced(concurrency, Math.max(1, warm - warm / 2), 1000, "v-");
    engine.ask("drain");
    long[] cpuWarmed = engine.cpu();
    System.out.printf(
        "engine warm-up: %d s through the broker, its JIT compiler %.1f s of CPU%n",
        warm, (cpuWarmed[1] - cpuWarm[1]) / 1e9);
    received.set(0);
    latencies.clear();

    long directCount = direct.closedLoop(concurrency, seconds, "d-");
    double directRate = directCount / (double) seconds;
    received.set(0);
    latencies.clear();

    long[] cpuBefore = engine.cpu();
    long start = System.nanoTime();
    long published = broker.closedLoop(concurrency, seconds, "e-");
    while (received.get() < published
        && System.nanoTime() - start < Duration.ofSeconds(seconds + 60).toNanos()) {
      Thread.sleep(5);
    }
    double elapsed = (System.nanoTime() - start) / 1e9;
    long[] cpuAfter = engine.cpu();
    double cpuPerEvent = (cpuAfter[0] - cpuBefore[0]) / 1e3 / Math.max(1, received.get());
    double jitPerEvent = (cpuAfter[1] - cpuBefore[1]) / 1e3 / Math.max(1, received.get());
    double eventRate = received.get() / elapsed;
    long[] lat = latencies.sorted();
    System.out.printf(
        "concurrency %d, %d s per run, %d cores%n",
        concurrency, seconds, Runtime.getRuntime().availableProcessors());
    System.out.printf("direct POST to the subscriber: %.0f req/s%n", directRate);
    System.out.printf(
        "events through the broker:     %.0f events/s (%d published, %d delivered)%n",
        eventRate, published, received.get());
    System.out.printf(
        "publish -> delivery latency:   p50 %.2f ms, p99 %.2f ms%n",
        Samples.pct(lat, 50) / 1e6, Samples.pct(lat, 99) / 1e6);
    System.out.printf("ratio events/direct = %.2f   (target >= 0.4)%n", eventRate / directRate);
    // CPU time is far less disturbed than rates by what else the host runs (steal included).
    System.out.printf(
        "engine CPU per event delivered: %.1f us (of which its JIT compiler %.1f us)%n",
        cpuPerEvent, jitPerEvent);

    // Latency at saturation is only queueing: measure it again at a fixed half of the capacity.
    int rate = (int) Math.max(1, eventRate / 2);
    // The paced path's own warm-up: the JIT still compiles (and deoptimizes) for 1-2 s after the
    // saturated run when new connections arrive at a steady pace.
    if (System.getenv("BENCH_EVENTS_FULL_GC") != null) {
      engine.ask("heap"); // a diagnosis: the engine's old generation emptied of the burst's garbage
    }
    broker.paced(
        concurrency,
        Integer.parseInt(System.getenv().getOrDefault("BENCH_EVENTS_WARMUP", "3")),
        rate,
        "q-");
    engine.ask("drain");
    received.set(0);
    latencies.clear();
    long[] cpuPaced = engine.cpu();
    long sent = broker.paced(concurrency, seconds, rate, "p-");
    long[] cpuPacedEnd = engine.cpu();
    long paceStart = System.nanoTime();
    while (received.get() < sent
        && System.nanoTime() - paceStart < Duration.ofSeconds(30).toNanos()) {
      Thread.sleep(5);
    }
    long[] half = latencies.sorted();
    System.out.printf(
        "at %d events/s (half the capacity): p50 %.2f ms, p90 %.2f ms, p99 %.2f ms, p99.9 %.2f ms"
            + " (%d published, %d delivered)%n",
        rate,
        Samples.pct(half, 50) / 1e6,
        Samples.pct(half, 90) / 1e6,
        Samples.pct(half, 99) / 1e6,
        Samples.pct(half, 99.9) / 1e6,
        sent,
        received.get());
    String timeline = System.getenv("BENCH_EVENTS_TIMELINE");
    if (timeline != null) {
      latencies.write(java.nio.file.Path.of(timeline));
    }
    System.out.printf(
        "  engine CPU per event: %.1f us (of which its JIT compiler %.1f us)%n",
        (cpuPacedEnd[0] - cpuPaced[0]) / 1e3 / Math.max(1, sent),
        (cpuPacedEnd[1] - cpuPaced[1]) / 1e3 / Math.max(1, sent));
    long[] answered = broker.answers.sorted();
    System.out.printf(
        "  of which publish -> the ingress's 202: p50 %.2f ms, p99 %.2f ms%n",
        Samples.pct(answered, 50) / 1e6, Samples.pct(answered, 99) / 1e6);
    long failed = direct.failed.get() + broker.failed.get();
    if (failed > 0) {
      System.out.printf("  %d events got no answer (a connection failed; not counted)%n", failed);
    }

    oversized(client, ingress, engine);
    engine.stop();
    subscriber.stop(0);
    System.exit(0);
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
    /**
     * The engine JVM's CPU time so far (user and system) in ns: all its threads, and its JIT
     * compiler threads (from /proc; both 0 where there is none).
     */
    long[] cpu() {
      long all = 0;
      long jit = 0;
      java.io.File[] tasks = new java.io.File("/proc/" + process.pid() + "/task").listFiles();
      for (java.io.File t : tasks == null ? new java.io.File[0] : tasks) {
        try {
          String stat = java.nio.file.Files.readString(t.toPath().resolve("stat"));
          String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
          String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
          long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
          all += ticks;
          if (name.contains("CompilerThre")) {
            jit += ticks;
          }
        } catch (java.io.IOException | RuntimeException e) {
          // a thread that ended meanwhile
        }
      }
      long nsPerTick = 10_000_000L; // USER_HZ is 100 on Linux
      return new long[] {all * nsPerTick, jit * nsPerTick};
    }

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

  private EventsBenchmark() {}
}
