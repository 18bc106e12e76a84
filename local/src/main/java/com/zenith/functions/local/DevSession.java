package com.zenith.functions.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.Visibility;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.build.BuildDetector;
import com.zenith.functions.local.build.Builder;
import com.zenith.functions.local.events.EventBroker;
import com.zenith.functions.local.gateway.FileAccessLog;
import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.process.FunctionEnvironment;
import com.zenith.functions.local.process.FunctionRunner;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.process.ProcessTree;
import com.zenith.functions.local.session.SessionFile;
import com.zenith.functions.local.source.ResolvedSource;
import com.zenith.functions.local.source.SourceResolver;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.status.StatusTable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One zenith dev session: the gateway, and a runner per valid Function, started in parallel. It
 * realizes the same Function spec as the operator, on one machine.
 */
public final class DevSession implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final DevOptions options;
  private final ValidationResult manifests;
  private final RouteTable routes = new RouteTable();
  private final Map<String, FunctionState> states = new LinkedHashMap<>();
  private final Map<String, FunctionRunner> runners = new LinkedHashMap<>();
  private final List<LogSink> sinks = new ArrayList<>();
  private final PrintStream console;
  private Gateway gateway;
  private SessionEvents events;
  private FileAccessLog accessLog;
  private SourceWatcher watcher;
  private int port;
  private volatile boolean tableDue;

  /** A session over manifests that passed validation. */
  public DevSession(DevOptions options, ValidationResult manifests) {
    if (manifests.hasErrors()) {
      throw new IllegalArgumentException("the manifests have errors; validate them first");
    }
    this.options = options;
    this.manifests = manifests;
    this.console = options.console();
  }

  /** Starts the gateway and every function; returns once all are started (not yet ready). */
  public void start() throws IOException {
    Path logs = options.stateDir().resolve("logs");
    Files.createDirectories(logs);
    Path preload = writeNodePreload();
    accessLog =
        new FileAccessLog(
            logs.resolve("access.log"),
            options.consoleAccessLog() ? console : null,
            prefix("gateway"));
    events = new SessionEvents(routes, options.stateDir(), manifests.brokers(), this::say);
    gateway =
        new Gateway(
            routes,
            accessLog,
            new SessionControl(this::functionsJson, events.broker()),
            options.bindHost());
    int width =
        Math.max(
            7,
            manifests.functions().stream()
                .mapToInt(f -> f.function().getMetadata().getName().length())
                .max()
                .orElse(7));
    Map<String, String> baseEnv = baseEnvironment();
    FunctionRunner.Settings settings =
        new FunctionRunner.Settings(
            new SourceResolver(
                options.sources(), options.cacheDir().resolve("git"), System.getenv()),
            new BuildDetector(System.getProperty("java.home")),
            new Builder(buildEnvironment(), Duration.ofMinutes(15)),
            options.cacheDir().resolve("builds"),
            logs,
            options.readyTimeout(),
            Duration.ofSeconds(30),
            baseEnv);
    int index = 0;
    for (var vf : manifests.functions()) {
      Function fn = vf.function();
      String name = fn.getMetadata().getName();
      String ns = FunctionNames.namespace(fn);
      routes.put(new Route(name, ns, FunctionNames.visibility(fn), appIdIfDapr(fn), 0, "Building"));
    }
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
    SessionFile.write(
        SessionFile.in(options.stateDir()),
        new SessionFile.Session(
            ProcessHandle.current().pid(), port, Instant.now().toString(), logs.toString()));
    say("gateway on http://" + options.bindHost() + ":" + port + "  (logs in " + logs + ")");
    for (var vf : manifests.functions()) {
      Function fn = vf.function();
      String name = fn.getMetadata().getName();
      String ns = FunctionNames.namespace(fn);
      String url = FunctionNames.url(fn, FunctionNames.LOCAL_DOMAIN);
      if (FunctionNames.visibility(fn) == Visibility.EXTERNAL) {
        url = FunctionNames.externalUrl(name, ns, FunctionNames.LOCAL_DOMAIN) + ":" + port;
      }
      Path logFile = logs.resolve(name + ".log");
      Files.deleteIfExists(logFile);
      LogSink sink = new LogSink(name, index++, width, options.colour(), console, logFile);
      sinks.add(sink);
      List<String> ignored =
          LocallyIgnored.fields(fn, options.sources().containsKey(name) || hasLocalSource(fn));
      FunctionState state = new FunctionState(name, ns, url, ignored, this::changed);
      state.log(logFile.toString());
      states.put(ns + "/" + name, state);
      events.subscribe(fn, state);
      if (!ignored.isEmpty()) {
        sink.line("ignored locally: " + String.join("; ", ignored));
      }
      int callerPort = gateway.listenForCaller(name, ns);
      FunctionRunner runner =
          new FunctionRunner(
              fn,
              Path.of(vf.source().file()),
              settings,
              routes,
              state,
              sink,
              new FunctionEnvironment.Proxy(callerPort, preload.toString()),
              manifests.secrets(),
              manifests.configMaps());
      runners.put(ns + "/" + name, runner);
    }
    events.start(manifests.pingSources()); // after the Triggers exist, before any function runs
    List<Thread> starters = new ArrayList<>();
    for (FunctionRunner r : runners.values()) {
      starters.add(Thread.ofVirtual().start(r::start));
    }
    for (Thread t : starters) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (options.watch()) {
      watcher = new SourceWatcher(this::sourceChanged);
      for (var e : runners.entrySet()) {
        ResolvedSource src = e.getValue().source();
        if (src != null && src.origin() != ResolvedSource.Origin.GIT) {
          watcher.watch(e.getKey(), src.directory());
        }
      }
      watcher.start();
    }
  }

  /** The event broker of this session. */
  public EventBroker broker() {
    return events.broker();
  }

  private void sourceChanged(String key) {
    FunctionRunner r = runners.get(key);
    if (r != null) {
      Thread.ofVirtual().start(r::rebuildAndSwap);
    }
  }

  private static boolean hasLocalSource(Function fn) {
    var a = fn.getMetadata().getAnnotations();
    return a != null && a.containsKey(FunctionNames.LOCAL_SOURCE_ANNOTATION);
  }

  private static String appIdIfDapr(Function fn) {
    var d = fn.getSpec().deploy() == null ? null : fn.getSpec().deploy().dapr();
    return d != null && Boolean.TRUE.equals(d.enabled()) ? FunctionEnvironment.appId(fn) : null;
  }

  /** Stops one function's process until {@link #resume}; false when there is no such function. */
  public boolean pause(String namespace, String name) {
    FunctionRunner r = runners.get(namespace + "/" + name);
    if (r != null) {
      r.pause();
    }
    return r != null;
  }

  /** Starts a paused function again. */
  public boolean resume(String namespace, String name) {
    FunctionRunner r = runners.get(namespace + "/" + name);
    if (r != null) {
      r.resume();
    }
    return r != null;
  }

  /** The gateway's port. */
  public int port() {
    return port;
  }

  /** Snapshots of every function. */
  public List<FunctionView> views() {
    return states.values().stream().map(FunctionState::view).toList();
  }

  /** True when every function is Ready. */
  public boolean allReady() {
    return states.values().stream().allMatch(s -> ConditionStatus.TRUE.equals(s.ready().status()));
  }

  /** True when any function failed for good (a False reason other than a crash being retried). */
  public boolean anyFailed() {
    return states.values().stream()
        .anyMatch(
            s ->
                ConditionStatus.FALSE.equals(s.ready().status())
                    && !com.zenith.functions.api.conditions.Reasons.PROCESS_CRASHED.equals(
                        s.ready().reason()));
  }

  /** True when every function became ready at least once. */
  public boolean everyFunctionWasReady() {
    return states.values().stream().allMatch(FunctionState::everReady);
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

  /** Prints the status table if something changed since it was last printed. */
  public void printTableIfDue() {
    if (tableDue && console != null) {
      tableDue = false;
      synchronized (console) {
        console.print(StatusTable.render(views()));
      }
    }
  }

  private void changed(FunctionState s) {
    var r = s.ready();
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

  private String functionsJson() {
    try {
      return JSON.writeValueAsString(Map.of("port", port, "functions", views()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void say(String line) {
    if (console != null) {
      synchronized (console) {
        console.println(prefix("zenith") + line);
      }
    }
  }

  private String prefix(String name) {
    String p = String.format("%-7s |", name);
    return options.colour() ? "\u001b[1m" + p + "\u001b[0m " : p + " ";
  }

  private Path writeNodePreload() throws IOException {
    Path p = options.stateDir().resolve("node-preload.cjs");
    try (InputStream in = DevSession.class.getResourceAsStream("/zenith/node-preload.cjs")) {
      Files.write(p, in.readAllBytes());
    }
    return p;
  }

  /** What every function process inherits: PATH, HOME, locale; not zenith's own settings. */
  private static Map<String, String> baseEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (String k :
        new String[] {
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "TZ",
          "TMPDIR",
          "JAVA_HOME",
          "GOPATH",
          "GOCACHE",
          "GOROOT"
        }) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    return env;
  }

  /** Builds run with zenith's JDK, so Maven builds get a Java 21+ compiler. */
  private static Map<String, String> buildEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("HTTP_PROXY");
    env.remove("http_proxy");
    String javaHome = System.getProperty("java.home");
    env.put("JAVA_HOME", javaHome);
    env.put(
        "PATH",
        javaHome + "/bin" + java.io.File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }

  @Override
  public void close() {
    if (watcher != null) {
      watcher.close();
    }
    if (events != null) {
      events.close(); // first: no delivery to a function that is stopping
    }
    List<Thread> stoppers = new ArrayList<>();
    for (FunctionRunner r : runners.values()) {
      stoppers.add(Thread.ofVirtual().start(r::stop));
    }
    for (Thread t : stoppers) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    // Last resort: anything still alive that this JVM started goes now.
    ProcessHandle.current().descendants().forEach(p -> ProcessTree.stop(p, Duration.ofSeconds(1)));
    if (gateway != null) {
      gateway.close();
    }
    if (accessLog != null) {
      accessLog.close();
    }
    sinks.forEach(LogSink::close);
    SessionFile.remove(SessionFile.in(options.stateDir()));
  }
}
