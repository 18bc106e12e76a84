package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntConsumer;

/**
 * Benchmark (not a test, not run in CI): N Functions from create to Ready on the mock server, with
 * Tekton and Knative simulated by {@link SimulatedControllers}. Prints wall time, the operator's
 * API writes per Function (children and status patches, Events separately), the writes during a
 * forced resync of the converged Functions, and heap. {@code -Dbench.secrets=K -Dbench.secretKb=S}
 * first stores K unrelated Secrets of S KiB; {@code -Dbench.createThreads} sets the creating pool
 * (8). Commands and figures: docs/operator.md, "Benchmark".
 */
public final class OperatorBenchmark {

  /** Counts write requests that do not come from the simulated controllers. */
  static final class CountingDispatcher extends NameIndexedCrudDispatcher {
    final AtomicLong writes = new AtomicLong();
    final AtomicLong events = new AtomicLong();

    private MockResponse count(RecordedRequest r, MockResponse response) {
      if (!"simulator".equals(r.getHeader("X-Bench-Actor"))) {
        (r.getPath().contains("/events") ? events : writes).incrementAndGet();
        trace(r.getMethod() + " " + r.getPath());
      }
      return response;
    }

    @Override
    public MockResponse handleCreate(RecordedRequest r) {
      return count(r, super.handleCreate(r));
    }

    @Override
    public MockResponse handleUpdate(RecordedRequest r) {
      return count(r, super.handleUpdate(r));
    }

    @Override
    public MockResponse handlePatch(RecordedRequest r) {
      return count(r, super.handlePatch(r));
    }

    @Override
    public MockResponse handleDelete(String path) {
      writes.incrementAndGet(); // only the operator deletes
      trace("DELETE " + path);
      return super.handleDelete(path);
    }
  }

  private static final String NAMESPACE = "bench";
  private static final Map<Integer, String> PAYLOADS = new ConcurrentHashMap<>();

  /** The mock server logs every request at INFO; held here so the level sticks (JUL is weak). */
  private static final java.util.logging.Logger MOCK_LOG =
      java.util.logging.Logger.getLogger(MockWebServer.class.getName());

  private OperatorBenchmark() {}

  /** With -Dbench.trace=true, prints each counted write. */
  private static void trace(String write) {
    if (Boolean.getBoolean("bench.trace")) {
      System.out.println("WRITE " + write);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
    int threads = Integer.getInteger("bench.createThreads", 8);
    MOCK_LOG.setLevel(java.util.logging.Level.WARNING);
    CountingDispatcher dispatcher = new CountingDispatcher();
    KubernetesMockServer server =
        new KubernetesMockServer(
            new Context(), new MockWebServer(), new HashMap<>(), dispatcher, false);
    server.init();
    KubernetesClient operatorClient = server.createClient();
    KubernetesClient sim =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(operatorClient.getConfiguration())
                    .withCustomHeaders(Map.of("X-Bench-Actor", "simulator"))
                    .build())
            .build();
    ClusterFixture cluster = new ClusterFixture(sim, operatorClient);
    ChildSettings settings = ChildSettings.defaults();
    int secrets = Integer.getInteger("bench.secrets", 0);
    int secretKb = Integer.getInteger("bench.secretKb", 100);
    long secretsT0 = System.nanoTime();
    createConcurrently(secrets, threads, i -> sim.resource(unrelatedSecret(i, secretKb)).create());
    double secretsSeconds = (System.nanoTime() - secretsT0) / 1e9;
    long baseline = usedHeapAfterGc(); // the mock server now holds the Secrets
    cluster.start(settings, new SimpleMeterRegistry());

    SimulatedControllers controllers = new SimulatedControllers(sim, NAMESPACE, 4);
    controllers.start();
    SharedIndexInformer<Function> functions =
        sim.resources(Function.class).inNamespace(NAMESPACE).inform();

    long before = dispatcher.writes.get();
    long t0 = System.nanoTime();
    createConcurrently(
        n, threads, i -> sim.resource(Functions.function(NAMESPACE, "fn-" + i)).create());
    double createSeconds = (System.nanoTime() - t0) / 1e9;
    awaitAllReady(functions, n, t0);
    double seconds = (System.nanoTime() - t0) / 1e9;
    long lifecycleWrites = dispatcher.writes.get() - before;
    long lifecycleEvents = dispatcher.events.get();

    long resyncBefore = dispatcher.writes.get() + dispatcher.events.get();
    trace("-- forced resync --");
    SimpleMeterRegistry resyncMetrics = new SimpleMeterRegistry();
    long r0 = System.nanoTime();
    cluster.stop();
    cluster.start(settings, resyncMetrics); // fresh informers: every Function is reconciled again
    long reconciled = awaitReconciled(resyncMetrics, n);
    double resyncSeconds = (System.nanoTime() - r0) / 1e9;
    awaitQuiet(dispatcher, Duration.ofSeconds(3));
    long resyncWrites = dispatcher.writes.get() + dispatcher.events.get() - resyncBefore;

    long used = usedHeapAfterGc();
    System.out.printf(
        "functions=%d (created by %d threads in %.1f s)%n"
            + "unrelated_secrets=%d of %d KiB (created in %.1f s)%n"
            + "wall_time_to_all_ready_s=%.2f%noperator_writes_per_function=%.2f"
            + " (plus %.2f Events)%nforced_resync_reconciles=%d in %.1f s%n"
            + "writes_during_forced_resync=%d%nsimulator_write_failures=%d%n"
            + "heap_used_before_operator_start_mib=%d (mock server holding the Secrets)%n"
            + "heap_used_after_convergence_mib=%d (operator, mock server and simulator share this"
            + " JVM)%nheap_growth_from_operator_start_mib=%d%n",
        n,
        threads,
        createSeconds,
        secrets,
        secretKb,
        secretsSeconds,
        seconds,
        lifecycleWrites / (double) n,
        lifecycleEvents / (double) n,
        reconciled,
        resyncSeconds,
        resyncWrites,
        controllers.failures(),
        baseline / (1024 * 1024),
        used / (1024 * 1024),
        (used - baseline) / (1024 * 1024));
    functions.close();
    controllers.close();
    cluster.stop();
    sim.close();
    operatorClient.close();
    server.destroy();
    System.exit(0);
  }

  /** Runs {@code create(0..count-1)} on a pool of {@code threads}; fails on the first error. */
  private static void createConcurrently(int count, int threads, IntConsumer create)
      throws InterruptedException, ExecutionException {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<?>> done = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        int index = i;
        done.add(pool.submit(() -> create.accept(index)));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  /** Waits, from the informer's cache, until all Functions are Ready; prints progress. */
  private static void awaitAllReady(SharedIndexInformer<Function> functions, int n, long t0)
      throws InterruptedException {
    long lastReport = System.nanoTime();
    long ready;
    while ((ready = ready(functions)) < n) {
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        System.out.printf("%.0f s: %d of %d Ready%n", (System.nanoTime() - t0) / 1e9, ready, n);
        lastReport = System.nanoTime();
      }
      Thread.sleep(250);
    }
  }

  /** Waits until the restarted operator has reconciled every Function once (or 10 minutes). */
  private static long awaitReconciled(SimpleMeterRegistry metrics, int n)
      throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(10).toNanos();
    long count;
    while ((count = reconciliations(metrics)) < n && System.nanoTime() < deadline) {
      Thread.sleep(250);
    }
    return count;
  }

  private static long reconciliations(SimpleMeterRegistry metrics) {
    return (long)
        metrics.find("operator.sdk.reconciliations.success").counters().stream()
            .mapToDouble(Counter::count)
            .sum();
  }

  /** Waits until no write has been counted for {@code quiet}. */
  private static void awaitQuiet(CountingDispatcher dispatcher, Duration quiet)
      throws InterruptedException {
    long seen = -1;
    long since = System.nanoTime();
    while (System.nanoTime() - since < quiet.toNanos()) {
      long now = dispatcher.writes.get() + dispatcher.events.get();
      if (now != seen) {
        seen = now;
        since = System.nanoTime();
      }
      Thread.sleep(100);
    }
  }

  /** A Secret no Function names, in the Functions' namespace: the operator must not hold it. */
  private static Secret unrelatedSecret(int i, int kb) {
    return new SecretBuilder()
        .withNewMetadata()
        .withName("unrelated-" + i)
        .withNamespace(NAMESPACE)
        .endMetadata()
        .addToData("blob", PAYLOADS.computeIfAbsent(kb, OperatorBenchmark::payload))
        .build();
  }

  private static String payload(int kb) {
    return Base64.getEncoder().encodeToString(new byte[kb * 1024]); // Secret data is base64
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long ready(SharedIndexInformer<Function> functions) {
    return functions.getStore().list().stream()
        .filter(f -> f.getStatus() != null && Conditions.isReady(f.getStatus().conditions()))
        .count();
  }
}
