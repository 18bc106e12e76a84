package com.zenith.functions.local.engine;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.events.DeliveryPolicy;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.events.EventJournal;
import com.zenith.functions.local.files.FileApplier;
import com.zenith.functions.local.gateway.FileAccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.realize.ProcessLauncher;
import com.zenith.functions.local.realize.Realizer;
import com.zenith.functions.local.realize.RunningViews;
import com.zenith.functions.local.reconcile.EventingReconciler;
import com.zenith.functions.local.reconcile.FunctionReconciler;
import com.zenith.functions.local.session.SessionFile;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.status.StatusTable;
import com.zenith.functions.local.store.PersistentStore;
import com.zenith.functions.local.store.Store;
import com.zenith.functions.local.store.StoreException;
import com.zenith.functions.local.traces.Agents;
import com.zenith.functions.local.traces.CallGraph;
import com.zenith.functions.local.traces.GatewaySpans;
import com.zenith.functions.local.traces.OtlpReceiver;
import com.zenith.functions.local.traces.RootSampler;
import com.zenith.functions.local.traces.SpanStore;
import com.zenith.functions.local.traces.TracesApi;
import com.zenith.functions.local.traces.TracingSetup;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local engine, the twin of a cluster with the operator in it: a store of objects with a
 * Kubernetes API in front, a reconciler per Function, a realizer running processes, a gateway for
 * the cluster network, a broker, and the files given to {@code zenith dev} kept applied. This class
 * only wires them, in start order, and stops them in reverse.
 */
public final class Engine implements AutoCloseable {
  private final DevOptions options;
  private final PrintStream console;
  private final StateDirectory state;
  private final RouteTable routes = new RouteTable();
  private EngineLock lock;
  private ProcessLauncher launcher;
  private Store store;
  private ApiEndpoint api;
  private FileAccessLog accessLog;
  private Gateway gateway;
  private EventBroker broker;
  private Realizer realizer;
  private FunctionReconciler reconciler;
  private FileApplier files;
  private SourceWatching watching;
  private GitPolling polling;
  private OtlpReceiver otlp;
  private final SpanStore spans = new SpanStore();
  private final CallGraph graph = new CallGraph();
  private int port;
  private volatile boolean tableDue;

  /** An engine with these options; nothing runs until {@link #start}. */
  public Engine(DevOptions options) {
    this.options = options;
    this.console = options.console();
    this.state = new StateDirectory(options.stateDir());
  }

  /**
   * Starts everything and applies the option's paths; returns once the stored objects have been
   * reconciled once (functions are then building or starting, not yet ready).
   */
  public void start() throws IOException {
    // Settings from the environment first: a bad one stops the start before anything runs.
    DeliveryPolicy delivery = DeliveryPolicy.fromEnv(System.getenv());
    RootSampler roots = RootSampler.fromEnv(System.getenv("ZENITH_TRACES_PER_SECOND"));
    state.create();
    lock = EngineLock.take(options.stateDir());
    launcher = new ProcessLauncher(state.processes());
    int reaped = launcher.reapOrphans();
    if (reaped > 0) {
      say("stopped " + reaped + " function process(es) left running by an engine that crashed");
    }
    store = PersistentStore.open(state.store(), EngineAdmission.create());
    accessLog =
        new FileAccessLog(
            state.logs().resolve("access.log"),
            options.consoleAccessLog() ? console : null,
            Prefixes.of("gateway", options.colour()));
    broker =
        new EventBroker(
            delivery,
            (ns, name) -> {
              Route r = routes.get(ns, name);
              return r == null ? 0 : r.port();
            },
            new EventJournal(state.root().resolve("events").resolve("journal.jsonl")),
            line -> say("broker: " + line));
    String token = ApiEndpoint.token(state).value();
    // Spans are received on a loopback port of their own, whatever --bind says: only the
    // session's functions export to it.
    otlp = OtlpReceiver.start(spans, "127.0.0.1", 0);
    GatewaySpans hops = new GatewaySpans(spans, graph, roots);
    broker.observe(hops);
    gateway =
        new Gateway(
            routes,
            accessLog,
            new EngineControl(
                this::views, broker, token, state.logs(), new TracesApi(spans, graph)),
            options.bindHost(),
            hops);
    try {
      port = gateway.listen(options.port());
    } catch (IllegalStateException e) {
      throw new IOException(
          "cannot listen on "
              + options.bindHost()
              + ":"
              + options.port()
              + " ("
              + e.getMessage()
              + "); choose another with --port",
          e);
    }
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
                new TracingSetup(
                    otlp.endpoint(),
                    options.tracing(),
                    new Agents(options.cacheDir(), mavenRepository()))),
            routes,
            gateway,
            new Realizer.Console(console, options.colour()),
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
            new EventingReconciler(store, broker, this::say),
            new FunctionReconciler.Settings(
                port, Path.of("").toAbsolutePath(), options.sources().keySet()),
            this::readyChanged);
    try {
      reconciler.start();
      reconciler.awaitSync(30, TimeUnit.SECONDS);
    } catch (StoreException e) {
      throw new IOException("cannot watch the store: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while starting", e);
    }
    broker.recover(); // after the stored Functions' Triggers exist
    SessionFile.write(
        SessionFile.in(options.stateDir()),
        new SessionFile.Session(
            ProcessHandle.current().pid(),
            port,
            api.port(),
            Instant.now().toString(),
            state.logs().toString()));
    say(
        "gateway on http://"
            + options.bindHost()
            + ":"
            + port
            + "  (logs in "
            + state.logs()
            + ")");
    say("Kubernetes API on " + api.url() + ": export KUBECONFIG=" + state.kubeconfig());
    say(
        "traces: OTLP/HTTP receiver on "
            + otlp.endpoint()
            + (options.tracing()
                ? " (every function exports to it)"
                : " (functions with observability.tracing.enabled export to it; --tracing for all)")
            + "; see zenith traces");
    say("dashboard: " + dashboardUrl() + "?token=" + token);
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

  /** Where the Java agent is downloaded from: ZENITH_MAVEN_REPOSITORY, else Maven Central. */
  private static java.net.URI mavenRepository() {
    String v = System.getenv("ZENITH_MAVEN_REPOSITORY");
    if (v == null || v.isBlank()) {
      return Agents.MAVEN_CENTRAL;
    }
    return java.net.URI.create(v.endsWith("/") ? v : v + "/");
  }

  /** The engine's spans (the OTLP receiver's and the gateway's). */
  public SpanStore spans() {
    return spans;
  }

  /** The live call graph. */
  public CallGraph graph() {
    return graph;
  }

  /** The OTLP/HTTP receiver's base URL. */
  public String otlpEndpoint() {
    return otlp.endpoint();
  }

  private com.zenith.functions.api.v1alpha1.FunctionStatus status(String key) {
    FunctionState s = reconciler == null ? null : reconciler.states().get(key);
    return s == null ? null : s.status();
  }

  private void readyChanged(FunctionState s, Condition r) {
    say(
        s.name()
            + ": "
            + r.status()
            + " "
            + r.reason()
            + (r.message() == null ? "" : " - " + firstLine(r.message())));
    tableDue = true;
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The store (the engine's etcd). */
  public Store store() {
    return store;
  }

  /** The event broker. */
  public EventBroker broker() {
    return broker;
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
      throw new java.io.UncheckedIOException(e);
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
    if (tableDue && console != null) {
      tableDue = false;
      synchronized (console) {
        console.print(StatusTable.render(views()));
      }
    }
  }

  private void say(String line) {
    if (console != null) {
      synchronized (console) {
        console.println(Prefixes.of("zenith", options.colour()) + line);
      }
    }
  }

  @Override
  public void close() {
    closeQuietly(files);
    closeQuietly(watching);
    closeQuietly(polling);
    closeQuietly(reconciler);
    if (broker != null) {
      broker.close(); // before the functions stop: no delivery to a function that is stopping
    }
    closeQuietly(realizer);
    closeQuietly(gateway);
    closeQuietly(otlp);
    closeQuietly(api);
    closeQuietly(accessLog);
    closeQuietly(store);
    closeQuietly(launcher);
    if (lock != null) {
      SessionFile.remove(SessionFile.in(options.stateDir()));
      lock.close();
      lock = null;
    }
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c != null) {
      try {
        c.close();
      } catch (Exception e) {
        // stopping: nothing more to do with it
      }
    }
  }
}
