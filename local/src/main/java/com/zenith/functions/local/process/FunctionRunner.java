package com.zenith.functions.local.process;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.build.BuildDetector;
import com.zenith.functions.local.build.BuildPlan;
import com.zenith.functions.local.build.Builder;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.source.ResolvedSource;
import com.zenith.functions.local.source.SourceResolver;
import com.zenith.functions.local.status.FunctionState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one function under zenith dev: source, build, start, wait until its port answers, route
 * traffic to it, restart it with exponential backoff when it exits, and swap in a rebuilt version
 * without dropping the route.
 */
public final class FunctionRunner {
  /** What the runner needs from the session. */
  public record Settings(
      SourceResolver sources,
      BuildDetector detector,
      Builder builder,
      Path buildDir,
      Path logDir,
      Duration readyTimeout,
      Duration maxBackoff,
      Map<String, String> baseEnv) {}

  private final Function fn;
  private final Path manifest;
  private final Settings settings;
  private final RouteTable routes;
  private final FunctionState state;
  private final LogSink log;
  private final FunctionEnvironment.Proxy proxy;
  private final List<Secret> secrets;
  private final List<ConfigMap> configMaps;
  private final AtomicReference<Instance> current = new AtomicReference<>();
  private final java.util.Set<Instance> live = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile boolean stopping;
  private volatile boolean paused;
  private volatile Instance lastBuilt;
  private volatile ResolvedSource source;
  private int restarts;

  /** A runner for one function. */
  public FunctionRunner(
      Function fn,
      Path manifest,
      Settings settings,
      RouteTable routes,
      FunctionState state,
      LogSink log,
      FunctionEnvironment.Proxy proxy,
      List<Secret> secrets,
      List<ConfigMap> configMaps) {
    this.fn = fn;
    this.manifest = manifest;
    this.settings = settings;
    this.routes = routes;
    this.state = state;
    this.log = log;
    this.proxy = proxy;
    this.secrets = secrets;
    this.configMaps = configMaps;
  }

  private String name() {
    return fn.getMetadata().getName();
  }

  private Route route() {
    return routes.get(FunctionNames.namespace(fn), name());
  }

  /** The source directory, once resolved (null before, or when it could not be). */
  public ResolvedSource source() {
    return source;
  }

  /** Resolves, builds and runs the function; returns when it runs or has failed for good. */
  public void start() {
    try {
      source = settings.sources().resolve(fn, manifest);
    } catch (IOException e) {
      fail(ConditionTypes.BUILD_SUCCEEDED, Reasons.SOURCE_UNAVAILABLE, e.getMessage());
      return;
    }
    Instance built = build();
    if (built != null) {
      launch(built);
    }
  }

  /** Rebuilds after a source change and swaps the new process in once it is ready. */
  public synchronized void rebuildAndSwap() {
    if (stopping || source == null) {
      return;
    }
    log.line("source changed: rebuilding");
    Instance next = build();
    if (next == null) {
      if (current.get() != null) {
        log.line("the rebuild failed; the previous version keeps serving");
      }
      return;
    }
    launch(next);
  }

  private Instance build() {
    state.set(
        ConditionTypes.BUILD_SUCCEEDED,
        ConditionStatus.UNKNOWN,
        Reasons.BUILDING,
        "Building " + source.directory() + ".");
    Path out = settings.buildDir().resolve(FunctionNames.namespace(fn) + "-" + name());
    Path buildLog = settings.logDir().resolve(name() + "-build.log");
    try {
      BuildPlan plan = settings.detector().detect(source.directory(), out);
      log.line("building (" + plan.toolchain() + ") in " + source.directory());
      long t0 = System.nanoTime();
      Builder.Outcome outcome = settings.builder().build(plan, out, buildLog, log::line);
      if (!outcome.ok()) {
        String tail = String.join("\n", outcome.tail());
        log.line("build failed; last lines of " + buildLog + ":");
        outcome.tail().forEach(l -> log.line("  " + l));
        fail(
            ConditionTypes.BUILD_SUCCEEDED,
            Reasons.BUILD_FAILED,
            FunctionMessages.buildFailed(plan.toolchain(), "see " + buildLog + "\n" + tail));
        return null;
      }
      String how =
          outcome.cached()
              ? "cache hit, not rebuilt"
              : String.format("built in %.1f s", (System.nanoTime() - t0) / 1e9);
      log.line(how);
      state.set(
          ConditionTypes.BUILD_SUCCEEDED,
          ConditionStatus.TRUE,
          Reasons.BUILD_SUCCEEDED,
          "Built "
              + plan.toolchain()
              + " source "
              + (source.commit() != null ? "at commit " + source.commit() : source.directory())
              + " ("
              + how
              + ").");
      return new Instance(outcome.run(), plan.sourceDir());
    } catch (IOException e) {
      fail(ConditionTypes.BUILD_SUCCEEDED, Reasons.BUILD_FAILED, e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private void fail(String type, String reason, String message) {
    state.set(type, ConditionStatus.FALSE, reason, message);
    if (current.get() == null) {
      routes.put(route().down(reason + ": " + firstLine(message)));
    }
  }

  private static String firstLine(String s) {
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** Starts {@code next}; once it answers, routes to it and stops the previous instance. */
  private void launch(Instance next) {
    Thread.ofVirtual().name("run-" + name()).start(() -> supervise(next));
  }

  private void supervise(Instance inst) {
    Duration backoff = Duration.ofSeconds(1);
    while (!stopping && !inst.retired) {
      int port;
      try {
        port = LocalProcesses.freePort();
      } catch (IOException e) {
        fail(
            ConditionTypes.SERVICE_READY,
            Reasons.SERVICE_NOT_READY,
            "no free port: " + e.getMessage());
        return;
      }
      FunctionEnvironment.Result env =
          FunctionEnvironment.resolve(fn, port, secrets, configMaps, proxy, settings.baseEnv());
      if (env instanceof FunctionEnvironment.Missing m) {
        fail(ConditionTypes.SERVICE_READY, m.reason(), m.message());
        return;
      }
      Map<String, String> vars = ((FunctionEnvironment.Ready) env).variables();
      state.set(
          ConditionTypes.SERVICE_READY,
          ConditionStatus.UNKNOWN,
          Reasons.DEPLOYING,
          "Starting on port " + port + ".");
      long started = System.nanoTime();
      Process p;
      try {
        p = LocalProcesses.start(inst.run, inst.dir, vars);
      } catch (IOException e) {
        fail(
            ConditionTypes.SERVICE_READY,
            Reasons.SERVICE_NOT_READY,
            "cannot start " + String.join(" ", inst.run) + ": " + e.getMessage());
        return;
      }
      inst.process = p;
      inst.port = port;
      live.add(inst);
      if (stopping) {
        ProcessTree.stop(p.toHandle(), Duration.ofSeconds(5));
        return;
      }
      LocalProcesses.pump(p, log, name());
      if (waitReady(p, port)) {
        promote(inst, port);
      }
      int code;
      try {
        code = p.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      if (stopping || inst.retired) {
        return;
      }
      if (Duration.ofNanos(System.nanoTime() - started).compareTo(Duration.ofSeconds(30)) > 0) {
        backoff = Duration.ofSeconds(1);
      }
      restarts++;
      state.process(0, restarts);
      String why =
          "Process exited with code "
              + code
              + "; restarting in "
              + backoff.toSeconds()
              + " s (restart "
              + restarts
              + ").";
      log.line(why);
      if (current.get() == inst) {
        routes.put(route().down(Reasons.PROCESS_CRASHED + ": process exited with code " + code));
      }
      state.set(ConditionTypes.SERVICE_READY, ConditionStatus.FALSE, Reasons.PROCESS_CRASHED, why);
      try {
        Thread.sleep(backoff);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      backoff =
          backoff.multipliedBy(2).compareTo(settings.maxBackoff()) > 0
              ? settings.maxBackoff()
              : backoff.multipliedBy(2);
    }
  }

  /** Routes to {@code inst} now that it answers, and stops the instance it replaces. */
  private void promote(Instance inst, int port) {
    Instance previous = current.getAndSet(inst);
    routes.put(route().servedAt(port));
    state.process(port, restarts);
    state.set(
        ConditionTypes.SERVICE_READY,
        ConditionStatus.TRUE,
        Reasons.READY,
        "Answering on 127.0.0.1:" + port + ".");
    log.line("ready on 127.0.0.1:" + port);
    if (previous != null && previous != inst) {
      previous.retired = true;
      if (previous.process != null) {
        ProcessTree.stop(previous.process.toHandle(), Duration.ofSeconds(5));
      }
      live.remove(previous);
    }
  }

  private boolean waitReady(Process p, int port) {
    long deadline = System.nanoTime() + settings.readyTimeout().toNanos();
    while (System.nanoTime() < deadline && p.isAlive() && !stopping) {
      if (LocalProcesses.answers(port)) {
        return true;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    if (p.isAlive() && !stopping) {
      state.set(
          ConditionTypes.SERVICE_READY,
          ConditionStatus.FALSE,
          Reasons.SERVICE_NOT_READY,
          "The process runs but nothing answers on port "
              + port
              + " after "
              + settings.readyTimeout().toSeconds()
              + " s; does it listen on $PORT?");
    }
    return false;
  }

  /**
   * Stops the function's process but keeps the session: the gateway answers 503 until {@link
   * #resume()}. For trying what callers do when a function is down.
   */
  public synchronized void pause() {
    Instance inst = current.get();
    if (inst == null || paused) {
      return;
    }
    paused = true;
    lastBuilt = inst;
    for (Instance i : live) {
      i.retired = true;
      if (i.process != null) {
        ProcessTree.stop(i.process.toHandle(), Duration.ofSeconds(5));
      }
    }
    live.clear();
    current.set(null);
    routes.put(route().down(Reasons.SERVICE_NOT_READY + ": stopped by the user"));
    state.set(
        ConditionTypes.SERVICE_READY,
        ConditionStatus.FALSE,
        Reasons.SERVICE_NOT_READY,
        "Stopped by the user; resume it to start it again.");
    log.line("stopped by the user");
  }

  /** Starts the function again after {@link #pause()}, without rebuilding. */
  public synchronized void resume() {
    if (!paused || lastBuilt == null) {
      return;
    }
    paused = false;
    log.line("resumed by the user");
    launch(new Instance(lastBuilt.run, lastBuilt.dir));
  }

  /** Stops the function and everything it started. */
  public void stop() {
    stopping = true;
    for (Instance inst : live) {
      if (inst.process != null) {
        ProcessTree.stop(inst.process.toHandle(), Duration.ofSeconds(5));
      }
    }
  }

  /** Every process handle this runner has alive now (for the session's last-resort cleanup). */
  public List<ProcessHandle> processes() {
    return live.stream()
        .filter(i -> i.process != null && i.process.isAlive())
        .map(i -> i.process.toHandle())
        .toList();
  }

  /** One started process of the function, with the command that starts it. */
  private static final class Instance {
    final List<String> run;
    final Path dir;
    volatile Process process;
    volatile int port;
    volatile boolean retired;

    Instance(List<String> run, Path dir) {
      this.run = run;
      this.dir = dir;
    }
  }
}
