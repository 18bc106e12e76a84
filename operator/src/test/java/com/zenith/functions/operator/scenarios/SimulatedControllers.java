package com.zenith.functions.operator.scenarios;

import com.zenith.functions.operator.tekton.PipelineRun;
import io.fabric8.knative.serving.v1.Service;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Tekton and Knative Serving for the benchmark, driven by watches as the real controllers are: a
 * PipelineRun without a status succeeds, a Service not yet reconciled at its generation becomes
 * Ready. Each reaction is one merge patch of the status subresource, written by a small pool so
 * that the informers' threads never block on the API server. Cost per event is O(1), not a relist.
 */
final class SimulatedControllers implements AutoCloseable {

  private final KubernetesClient client;
  private final String namespace;
  private final ExecutorService writers;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final List<SharedIndexInformer<?>> informers = new ArrayList<>();
  private final AtomicLong failures = new AtomicLong();

  SimulatedControllers(KubernetesClient client, String namespace, int writerThreads) {
    this.client = client;
    this.namespace = namespace;
    this.writers = Executors.newFixedThreadPool(writerThreads);
  }

  /** Starts watching PipelineRuns and Services in the namespace. */
  void start() {
    informers.add(
        client
            .resources(PipelineRun.class)
            .inNamespace(namespace)
            .inform(onAddOrUpdate(this::onBuild)));
    informers.add(
        client
            .resources(Service.class)
            .inNamespace(namespace)
            .inform(onAddOrUpdate(this::onService)));
  }

  /** Status writes that failed (the benchmark prints them; they should be 0). */
  long failures() {
    return failures.get();
  }

  private void onBuild(PipelineRun pr) {
    if (pr.getStatus() == null) {
      PipelineRun patch = new PipelineRun();
      patch.setMetadata(nameOf(pr));
      patch.setStatus(UpstreamStatuses.succeeded(Functions.DIGEST, "0123abc"));
      write("PipelineRun/" + pr.getMetadata().getName(), patch);
    }
  }

  private void onService(Service s) {
    Long generation = s.getMetadata().getGeneration();
    if (s.getStatus() == null
        || !Objects.equals(s.getStatus().getObservedGeneration(), generation)) {
      Service patch = new Service();
      patch.setMetadata(nameOf(s));
      patch.setStatus(UpstreamStatuses.readyService(s));
      write("Service/" + s.getMetadata().getName() + "/" + generation, patch);
    }
  }

  /** One merge patch of /status; an object already being written is not written twice. */
  private void write(String key, HasMetadata statusPatch) {
    if (!inFlight.add(key)) {
      return;
    }
    writers.execute(
        () -> {
          try {
            client.resource(statusPatch).patchStatus();
          } catch (RuntimeException e) {
            failures.incrementAndGet();
            System.err.println("simulated controller: " + key + ": " + e.getMessage());
          } finally {
            inFlight.remove(key);
          }
        });
  }

  private static io.fabric8.kubernetes.api.model.ObjectMeta nameOf(HasMetadata r) {
    return new ObjectMetaBuilder()
        .withName(r.getMetadata().getName())
        .withNamespace(r.getMetadata().getNamespace())
        .build();
  }

  private static <T> ResourceEventHandler<T> onAddOrUpdate(Consumer<T> react) {
    return new ResourceEventHandler<>() {
      @Override
      public void onAdd(T obj) {
        react.accept(obj);
      }

      @Override
      public void onUpdate(T oldObj, T newObj) {
        react.accept(newObj);
      }

      @Override
      public void onDelete(T obj, boolean deletedFinalStateUnknown) {}
    };
  }

  @Override
  public void close() throws InterruptedException {
    informers.forEach(SharedIndexInformer::close);
    writers.shutdown();
    writers.awaitTermination(30, TimeUnit.SECONDS);
  }
}
