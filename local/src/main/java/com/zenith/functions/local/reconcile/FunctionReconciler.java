package com.zenith.functions.local.reconcile;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.local.LocallyIgnored;
import com.zenith.functions.local.realize.FunctionRunner;
import com.zenith.functions.local.realize.Realizer;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.store.WatchEvent;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The local twin of the operator's FunctionReconciler: watches the store's Functions (and the
 * Secrets, ConfigMaps and Brokers they reference) and, for each change, hands the Function's latest
 * spec to its runner and its eventing to the eventing reconciler; the runner writes the same
 * conditions the operator writes, through {@link StatusWriter}. One worker thread takes keys off a
 * queue in which a key waits at most once, so a burst of changes is one reconcile.
 */
public final class FunctionReconciler implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Engine-wide facts the reconciler needs. */
  public record Settings(int gatewayPort, Path manifestBase, Set<String> sourceOverrides) {}

  /** The annotation the file applier sets: the file a Function came from. */
  public static final String APPLIED_FROM = "functions.zenith.com/applied-from";

  private final Store store;
  private final Realizer realizer;
  private final EventingReconciler eventing;
  private final Settings settings;
  private final StatusWriter status;
  private final Map<String, FunctionState> states = new ConcurrentHashMap<>();
  private final Set<String> queue = new LinkedHashSet<>();
  private final List<AutoCloseable> watches = new ArrayList<>();
  private volatile boolean busy;
  private volatile boolean closed;
  private Thread worker;

  /** A reconciler over {@code store}; {@code onReadyChange} hears each Ready transition. */
  public FunctionReconciler(
      Store store,
      Realizer realizer,
      EventingReconciler eventing,
      Settings settings,
      BiConsumer<FunctionState, Condition> onReadyChange) {
    this.store = store;
    this.realizer = realizer;
    this.eventing = eventing;
    this.settings = settings;
    this.status = new StatusWriter(store, onReadyChange);
  }

  /** Starts watching; returns once every stored object has been seen once. */
  public void start() throws StoreException {
    worker = Thread.ofPlatform().daemon().name("zenith-reconciler").start(this::work);
    watches.add(
        store.watch(
            ResourceType.BROKER,
            null,
            null,
            e -> {
              eventing.brokerChanged(e);
              enqueueNamespace(e);
            }));
    watches.add(store.watch(ResourceType.PING_SOURCE, null, null, eventing::pingSourceChanged));
    watches.add(store.watch(ResourceType.SECRET, null, null, this::enqueueNamespace));
    watches.add(store.watch(ResourceType.CONFIG_MAP, null, null, this::enqueueNamespace));
    watches.add(store.watch(ResourceType.FUNCTION, null, null, e -> enqueue(key(e.object()))));
  }

  /**
   * Waits until every Function in the store has been reconciled at least once and nothing is queued
   * (not until they are Ready).
   */
  public boolean awaitSync(long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (System.nanoTime() < deadline) {
      boolean idle;
      synchronized (queue) {
        idle = queue.isEmpty() && !busy;
      }
      if (idle
          && store.list(ResourceType.FUNCTION, null).stream()
              .allMatch(o -> states.containsKey(key(o)))) {
        return true;
      }
      Thread.sleep(20);
    }
    return false;
  }

  private void enqueueNamespace(WatchEvent e) {
    String ns =
        e.object().path("metadata").path("namespace").asText(FunctionNames.DEFAULT_NAMESPACE);
    for (ObjectNode fn : store.list(ResourceType.FUNCTION, ns)) {
      enqueue(key(fn));
    }
  }

  private static String key(ObjectNode o) {
    var m = o.path("metadata");
    return m.path("namespace").asText(FunctionNames.DEFAULT_NAMESPACE)
        + "/"
        + m.path("name").asText();
  }

  private void enqueue(String key) {
    synchronized (queue) {
      queue.add(key);
      queue.notifyAll();
    }
  }

  private void work() {
    while (!closed) {
      String key;
      synchronized (queue) {
        while (queue.isEmpty() && !closed) {
          try {
            queue.wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
        var it = queue.iterator();
        key = it.next();
        it.remove();
        busy = true;
      }

      try {
        reconcile(key);
      } catch (RuntimeException e) {
        LOG.warn("reconcile of function {} failed: {}", key, e.toString());
      } finally {
        busy = false;
      }
    }
  }

  private void reconcile(String key) {
    int slash = key.indexOf('/');
    String ns = key.substring(0, slash);
    String name = key.substring(slash + 1);
    var obj = store.get(ResourceType.FUNCTION, ns, name);
    if (obj.isEmpty() || obj.get().path("metadata").has("deletionTimestamp")) {
      delete(key, ns, name);
      return;
    }
    Function fn;
    try {
      fn = JSON.treeToValue(obj.get(), Function.class);
    } catch (Exception e) {
      LOG.warn("function {} cannot be read: {}", key, e.getMessage());
      return;
    }
    long generation = obj.get().path("metadata").path("generation").asLong(1);
    String url = url(fn);
    FunctionState state =
        states.computeIfAbsent(key, k -> new FunctionState(name, ns, url, status::write));
    state.url(url);
    state.ignored(
        LocallyIgnored.fields(
            fn,
            settings.sourceOverrides().contains(name)
                || annotation(fn, FunctionNames.LOCAL_SOURCE_ANNOTATION) != null));
    FunctionRunner runner = realizer.runner(ns, name, state);
    runner.apply(
        new FunctionRunner.Desired(
            fn,
            generation,
            list(ResourceType.SECRET, ns, Secret.class),
            list(ResourceType.CONFIG_MAP, ns, ConfigMap.class),
            manifest(fn)));
    eventing.subscribe(fn, state);
    status.write(state);
  }

  private void delete(String key, String ns, String name) {
    realizer.remove(ns, name);
    eventing.unsubscribe(key);
    states.remove(key);
    status.forget(key);
  }

  private Path manifest(Function fn) {
    String from = annotation(fn, APPLIED_FROM);
    // Applied with kubectl: a relative local-source is relative to where the engine was started.
    return from != null ? Path.of(from) : settings.manifestBase().resolve("applied-with-kubectl");
  }

  private static String annotation(Function fn, String name) {
    Map<String, String> a = fn.getMetadata().getAnnotations();
    return a == null ? null : a.get(name);
  }

  private String url(Function fn) {
    String n = fn.getMetadata().getName();
    String ns = FunctionNames.namespace(fn);
    return FunctionNames.visibility(fn) == Visibility.EXTERNAL
        ? FunctionNames.externalUrl(n, ns, FunctionNames.LOCAL_DOMAIN)
            + ":"
            + settings.gatewayPort()
        : FunctionNames.url(fn, FunctionNames.LOCAL_DOMAIN);
  }

  private <T> List<T> list(ResourceType type, String ns, Class<T> cls) {
    List<T> out = new ArrayList<>();
    for (ObjectNode o : store.list(type, ns)) {
      try {
        out.add(JSON.treeToValue(o, cls));
      } catch (Exception e) {
        LOG.warn(
            "{} {}/{} cannot be read: {}",
            type.kind(),
            ns,
            o.path("metadata").path("name").asText(),
            e.getMessage());
      }
    }
    return out;
  }

  /** Snapshots of every function, for the console table. */
  public List<FunctionView> views() {
    return new java.util.TreeMap<>(states).values().stream().map(FunctionState::view).toList();
  }

  /** The state of every function, by namespace/name. */
  public Map<String, FunctionState> states() {
    return Map.copyOf(states);
  }

  /** True when any function's Ready is False for a reason other than a crash being retried. */
  public boolean anyFailed() {
    return states.values().stream()
        .anyMatch(
            s ->
                ConditionStatus.FALSE.equals(s.ready().status())
                    && !Reasons.PROCESS_CRASHED.equals(s.ready().reason()));
  }

  @Override
  public void close() {
    closed = true;
    for (AutoCloseable w : watches) {
      try {
        w.close();
      } catch (Exception e) {
        // closing on the way out
      }
    }
    synchronized (queue) {
      queue.notifyAll();
    }
    eventing.close();
  }
}
