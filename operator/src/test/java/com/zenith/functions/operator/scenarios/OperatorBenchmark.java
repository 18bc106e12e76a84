package com.zenith.functions.operator.scenarios;

import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import io.fabric8.mockwebserver.http.MockResponse;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Benchmark (not a test, not run in CI): N Functions from create to Ready on the mock server, with
 * Tekton and Knative simulated. Prints wall time, the operator's API writes per Function (status
 * patches, children, and Events separately), writes during a forced resync of the converged
 * Functions, and heap after convergence. Run (after installing the api module): {@code mvn -Pbench
 * -pl operator test-compile exec:java -Dexec.args=500}, see docs/operator.md.
 */
public final class OperatorBenchmark {

  /** Counts write requests that do not come from the simulated controllers. */
  static final class CountingDispatcher extends KubernetesCrudDispatcher {
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

  private OperatorBenchmark() {}

  /** With -Dbench.trace=true, prints each counted write. */
  private static void trace(String write) {
    if (Boolean.getBoolean("bench.trace")) {
      System.out.println("WRITE " + write);
    }
  }

  public static void main(String[] args) throws Exception {
    int n = args.length > 0 ? Integer.parseInt(args[0]) : 500;
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
    createUnrelatedSecrets(sim, secrets, secretKb);
    double secretsSeconds = (System.nanoTime() - secretsT0) / 1e9;
    long baseline = usedHeapAfterGc(); // the mock server now holds the Secrets
    cluster.start(settings);

    AtomicBoolean running = new AtomicBoolean(true);
    Thread controllers = new Thread(() -> simulate(cluster, sim, running), "simulated-controllers");
    controllers.start();

    long before = dispatcher.writes.get();
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      sim.resource(Functions.function("bench", "fn-" + i)).create();
    }
    while (ready(sim) < n) {
      Thread.sleep(200);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    long lifecycleWrites = dispatcher.writes.get() - before;
    long lifecycleEvents = dispatcher.events.get();
    running.set(false);
    controllers.join();

    long resyncBefore = dispatcher.writes.get() + dispatcher.events.get();
    trace("-- forced resync --");
    cluster.restart(settings);
    Thread.sleep(Math.max(10_000, n * 20L)); // every Function is reconciled once after a restart
    long resyncWrites = dispatcher.writes.get() + dispatcher.events.get() - resyncBefore;

    long used = usedHeapAfterGc();
    System.out.printf(
        "functions=%d%nunrelated_secrets=%d of %d KiB (created in %.1f s)%n"
            + "wall_time_to_all_ready_s=%.2f%noperator_writes_per_function=%.2f"
            + " (plus %.2f Events)%nwrites_during_forced_resync=%d%n"
            + "heap_used_before_operator_start_mib=%d (mock server holding the Secrets)%n"
            + "heap_used_after_convergence_mib=%d (operator, mock server and simulator share this"
            + " JVM)%nheap_growth_from_operator_start_mib=%d%n",
        n,
        secrets,
        secretKb,
        secretsSeconds,
        seconds,
        lifecycleWrites / (double) n,
        lifecycleEvents / (double) n,
        resyncWrites,
        baseline / (1024 * 1024),
        used / (1024 * 1024),
        (used - baseline) / (1024 * 1024));
    cluster.stop();
    sim.close();
    operatorClient.close();
    server.destroy();
    System.exit(0);
  }

  /** Secrets no Function names, in the Functions' namespace: the operator must not hold them. */
  private static void createUnrelatedSecrets(KubernetesClient sim, int count, int kb) {
    String payload =
        java.util.Base64.getEncoder().encodeToString(new byte[kb * 1024]); // data is base64
    for (int i = 0; i < count; i++) {
      sim.resource(
              new io.fabric8.kubernetes.api.model.SecretBuilder()
                  .withNewMetadata()
                  .withName("unrelated-" + i)
                  .withNamespace("bench")
                  .endMetadata()
                  .addToData("blob", payload)
                  .build())
          .create();
    }
  }

  private static long usedHeapAfterGc() throws InterruptedException {
    for (int i = 0; i < 3; i++) {
      System.gc();
      Thread.sleep(200);
    }
    return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
  }

  private static long ready(KubernetesClient client) {
    return client.resources(Function.class).inNamespace("bench").list().getItems().stream()
        .filter(f -> f.getStatus() != null && Conditions.isReady(f.getStatus().conditions()))
        .count();
  }

  /** Plays Tekton and Knative: finishes every build, readies every Service at its generation. */
  private static void simulate(
      ClusterFixture cluster, KubernetesClient sim, AtomicBoolean running) {
    while (running.get()) {
      for (PipelineRun pr :
          sim.resources(PipelineRun.class).inNamespace("bench").list().getItems()) {
        if (pr.getStatus() == null) {
          cluster.succeedBuild(pr, Functions.DIGEST);
        }
      }
      for (Service s : sim.resources(Service.class).inNamespace("bench").list().getItems()) {
        if (s.getStatus() == null
            || !Objects.equals(
                s.getStatus().getObservedGeneration(), s.getMetadata().getGeneration())) {
          cluster.markServiceReady("bench", s.getMetadata().getName());
        }
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
