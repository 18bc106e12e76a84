package com.zenith.functions.local.engine;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.files.FileApplier;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.realize.ProcessLauncher;
import com.zenith.functions.local.realize.Realizer;
import com.zenith.functions.local.realize.RunningViews;
import com.zenith.functions.local.reconcile.EventingReconciler;
import com.zenith.functions.local.reconcile.FunctionReconciler;
import com.zenith.functions.local.session.SessionFile;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.store.PersistentStore;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.traces.CallGraph;
import com.zenith.functions.local.traces.GatewaySpans;
import com.zenith.functions.local.traces.RootSampler;
import com.zenith.functions.local.traces.SpanStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local engine, the twin of a cluster with the operator in it: a store of objects with a
 * Kubernetes API in front, a reconciler per Function, a realizer running processes, a gateway for
 * the cluster network, a broker, and the files given to {@code zenith dev} kept applied. This class
 * only wires them, in start order, and stops them; the network ({@link EngineNetwork}), the traces
 * ({@link EngineTraces}) and the console lines ({@link EngineConsole}) are parts of their own.
 */
public final class Engine implements AutoCloseable {
  private final DevOptions options;
  private final EngineConsole console;
  private final StateDirectory state;
  private final RouteTable routes = new RouteTable();
  private final EngineTraces traces = new EngineTraces();
  private final EngineNetwork network;
  private EngineLock lock;
  private ProcessLauncher launcher;
  private Store store;
  private ApiEndpoint api;
  private Realizer realizer;
  private FunctionReconciler reconciler;
  private FileApplier files;
  private SourceWatching watching;
  private GitPolling polling;
  private int port;
  private boolean closed;

  /** An engine with these options; nothing runs until {@link #start}. */
  public Engine(DevOptions options) {
    this.options = options;
    this.console = new EngineConsole(options.console(), options.colour());
    this.state = new StateDirectory(options.stateDir());
    this.network = new EngineNetwork(options, state, routes);
  }

  /**
   * Starts everything and applies the option's paths; returns once the stored objects have been
   * reconciled once (functions are then building or starting, not yet ready).
   */
  public void start() throws IOException {
    // Settings from the environment first: a bad one stops the start before anything runs.
    DeliveryPolicy delivery = DeliveryPolicy.fromEnv(System.getenv());
    RootSampler roots = RootSampler.fromEnv(System.getenv("ZENITH_TRACES_PER_SECOND"));
    boolean accessLog = EngineNetwork.accessLogOn(System.getenv("ZENITH_ACCESS_LOG"));
    state.create();
    lock = EngineLock.take(options.stateDir());
    launcher = new ProcessLauncher(state.processes());
    int reaped = launcher.reapOrphans();
    if (reaped > 0) {
      say("stopped " + reaped + " function process(es) left running by an engine that crashed");
    }
    store = PersistentStore.open(state.store(), EngineAdmission.create());
    network.open(delivery, accessLog, this::say);
    String token = ApiEndpoint.token(state).value();
    traces.start();
    GatewaySpans hops = traces.hops(roots);
    port =
        network.listen(
            new EngineControl(this::views, broker(), token, state.logs(), traces.api()), hops);
    if (options.watch()) {
      watching = new SourceWatching(() -> realizer);
    }
    realizer =
        new Realizer(
            EngineSettings.runner(
                options,
                state,
                launcher,
                (key, dir) -> {
                  if (watching != null) {
                    watching.built(key, dir);
                  }
                },
                traces.setup(options)),
            routes,
            network.gateway(),
            new Realizer.Console(options.console(), options.colour()),
            state.nodePreload());
    if (options.gitPoll() != null && options.gitPoll().toMillis() > 0) {
      polling = new GitPolling(options.gitPoll(), () -> realizer, store, this::say);
    }
    api =
        ApiEndpoint.start(
            store,
            new RunningViews(realizer, this::status, EngineSettings.INHERITED),
            state,
            options.apiPort());
    reconciler =
        new FunctionReconciler(
            store,
            realizer,
            new EventingReconciler(store, broker(), this::say),
            new FunctionReconciler.Settings(
                port, Path.of("").toAbsolutePath(), options.sources().keySet()),
            console::readyChanged);
    try {
      reconciler.start();
      reconciler.awaitSync(30, TimeUnit.SECONDS);
    } catch (StoreException e) {
      throw new IOException("cannot watch the store: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting", e);
    }
    broker().recover(); // after the stored Functions' Triggers exist
    SessionFile.write(
        SessionFile.in(options.stateDir()),
        new SessionFile.Session(
            ProcessHandle.current().pid(),
            port,
            api.port(),
            Instant.now().toString(),
            state.logs().toString()));
    console.started(
        network.url(),
        state.logs(),
        api.url(),
        state.kubeconfig(),
        traces.endpoint(),
        options.tracing(),
        dashboardUrl() + "?token=" + token);
    if (!options.paths().isEmpty()) {
      files = new FileApplier(store, options.paths(), options.recursive(), this::say);
      files.applyNow();
      files.watch(1000);
      try {
        reconciler.awaitSync(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** The engine's spans (the OTLP receiver's and the gateway's). */
  public SpanStore spans() {
    return traces.spans();
  }

  /** The live call graph. */
  public CallGraph graph() {
    return traces.graph();
  }

  /** The OTLP/HTTP receiver's base URL. */
  public String otlpEndpoint() {
    return traces.endpoint();
  }

  private FunctionStatus status(String key) {
    FunctionState s = reconciler == null ? null : reconciler.states().get(key);
    return s == null ? null : s.status();
  }

  /** The store (the engine's etcd). */
  public Store store() {
    return store;
  }

  /** The event broker. */
  public EventBroker broker() {
    return network.broker();
  }

  /** The gateway's port. */
  public int port() {
    return port;
  }

  /** The dashboard's address, without the token. */
  public String dashboardUrl() {
    return "http://" + options.bindHost() + ":" + port + "/_zenith/ui/";
  }

  /** The Kubernetes API's port. */
  public int apiPort() {
    return api.port();
  }

  /** The kubeconfig that points kubectl at this engine. */
  public Path kubeconfig() {
    return state.kubeconfig();
  }

  /** The API's bearer token (also good for the gateway's /_zenith/ endpoints). */
  public String token() {
    try {
      return ApiEndpoint.token(state).value();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Snapshots of every function. */
  public List<FunctionView> views() {
    return reconciler == null ? List.of() : reconciler.views();
  }

  /** True when there is at least one function and every one is Ready. */
  public boolean allReady() {
    List<FunctionView> v = views();
    return !v.isEmpty() && v.stream().allMatch(f -> ConditionStatus.TRUE.equals(f.ready()));
  }

  /** True when any function failed for good (a False reason other than a crash being retried). */
  public boolean anyFailed() {
    return reconciler != null && reconciler.anyFailed();
  }

  /** True when every function became ready at least once. */
  public boolean everyFunctionWasReady() {
    return reconciler != null
        && reconciler.states().values().stream().allMatch(FunctionState::everReady);
  }

  /** Waits until all are ready or one failed; returns allReady(). */
  public boolean awaitSettled(Duration timeout) throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (allReady() || anyFailed()) {
        return allReady();
      }
      Thread.sleep(100);
    }
    return allReady();
  }

  /** Stops one function's instances until {@link #resume}; false when there is no such function. */
  public boolean pause(String namespace, String name) {
    var r = realizer.existing(namespace, name);
    if (r != null) {
      r.pause();
    }
    return r != null;
  }

  /** Starts a paused function again. */
  public boolean resume(String namespace, String name) {
    var r = realizer.existing(namespace, name);
    if (r != null) {
      r.resume();
    }
    return r != null;
  }

  /** Prints the status table if something changed since it was last printed. */
  public void printTableIfDue() {
    console.table(this::views);
  }

  private void say(String line) {
    console.say(line);
  }

  /**
   * Stops everything once; a second call (zenith dev closes explicitly and then by
   * try-with-resources, its shutdown hook may call too) waits for the first and returns.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    Shutdown.quietly(files, watching, polling, reconciler);
    network.stopDelivery(); // before the functions stop: no delivery to a function that is stopping
    Shutdown.quietly(
        realizer, network.gateway(), traces, api, network.accessLog(), store, launcher);
    if (lock != null) {
      SessionFile.remove(SessionFile.in(options.stateDir()));
      lock.close();
      lock = null;
    }
  }
}
