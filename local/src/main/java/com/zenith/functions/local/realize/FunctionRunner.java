package com.zenith.functions.local.realize;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.process.FunctionEnvironment;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.status.FunctionState;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Realizes one Function on this machine, the local twin of what Tekton and Knative do for it in a
 * cluster: source and build when the build inputs change, a new instance when the revision template
 * changes (routed to once it answers, the old one drained, then stopped), nothing when neither
 * changed. One control thread applies the latest desired state, so changes that arrive together are
 * coalesced and no two transitions race.
 */
public final class FunctionRunner {
  /** What the reconciler asks for: the Function at a generation, and what it references. */
  public record Desired(
      Function fn,
      long generation,
      List<Secret> secrets,
      List<ConfigMap> configMaps,
      Path manifest) {}

  /** One instance as the API shows it (a Pod), with the spec it was started from. */
  public record InstanceView(
      String pod,
      int revision,
      Function fn,
      int port,
      boolean ready,
      boolean running,
      int restarts,
      java.time.Instant created,
      Map<String, String> environment,
      Path log,
      Path previousLog) {}

  /** A Function whose last build came from a git clone, and the commit that build checked out. */
  public record GitBuilt(Function fn, String commit) {}

  private final String name;
  private final String namespace;
  private final RunnerSettings settings;
  private final RouteTable routes;
  private final FunctionState state;
  private final LogSink log;
  private final FunctionEnvironment.Proxy proxy;
  private final SourceBuild builds;
  private final Rollout rollout;
  private final Thread loop;
  // Guarded by this:
  private Desired wanted;
  private boolean dirty;
  private boolean paused;
  private boolean deleted;
  private boolean rebuildRequested;
  private String rebuildReason;
  private long requested;
  private long applied;
  // Owned by the control thread:
  private SourceBuild.Built built;
  private SpecKeys.Source builtKey;
  private volatile GitBuilt gitBuilt;

  /** A runner for namespace/name; call {@link #apply} to give it a spec. */
  public FunctionRunner(
      String namespace,
      String name,
      RunnerSettings settings,
      RouteTable routes,
      FunctionState state,
      LogSink log,
      FunctionEnvironment.Proxy proxy) {
    this.name = name;
    this.namespace = namespace;
    this.settings = settings;
    this.routes = routes;
    this.state = state;
    this.log = log;
    this.proxy = proxy;
    this.builds = new SourceBuild(settings, state, log);
    this.rollout = new Rollout(namespace, name, settings, routes, state, log);
    this.loop = Thread.ofVirtual().name("runner-" + namespace + "-" + name).start(this::run);
  }

  /** Asks for {@code desired}; returns at once (the control thread realizes it). */
  public synchronized void apply(Desired desired) {
    if (wanted != null && sameInputs(wanted, desired)) {
      return; // a status write or an unrelated object changed: nothing to do
    }
    wanted = desired;
    dirty = true;
    notifyAll();
  }

  private static boolean sameInputs(Desired a, Desired b) {
    var ma = a.fn().getMetadata();
    var mb = b.fn().getMetadata();
    return a.generation() == b.generation()
        && java.util.Objects.equals(ma.getAnnotations(), mb.getAnnotations())
        && java.util.Objects.equals(ma.getLabels(), mb.getLabels())
        && a.secrets().equals(b.secrets())
        && a.configMaps().equals(b.configMaps())
        && a.manifest().equals(b.manifest());
  }

  /** Rebuilds from the same spec (its source changed on disk). */
  public void rebuild() {
    rebuild("source changed");
  }

  /** Rebuilds from the same spec, saying {@code why} on the function's console. */
  public synchronized void rebuild(String why) {
    rebuildRequested = true;
    rebuildReason = why;
    dirty = true;
    notifyAll();
  }

  /** The Function and commit of the last successful build when its source is a git clone. */
  public GitBuilt gitBuilt() {
    return gitBuilt;
  }

  /** Stops the function's instances, keeping it known: the gateway answers 503 until resumed. */
  public void pause() {
    long ticket;
    synchronized (this) {
      paused = true;
      dirty = true;
      ticket = ++requested;
      notifyAll();
    }
    awaitApplied(ticket);
  }

  /** Starts a paused function again, with its latest spec. */
  public void resume() {
    long ticket;
    synchronized (this) {
      paused = false;
      dirty = true;
      ticket = ++requested;
      notifyAll();
    }
    awaitApplied(ticket);
  }

  /** Waits (bounded) until the control thread has acted on request {@code ticket}. */
  private synchronized void awaitApplied(long ticket) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (applied < ticket && System.nanoTime() < deadline) {
      try {
        wait(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Stops everything and waits (bounded) for the processes to end. */
  public void stop() {
    synchronized (this) {
      deleted = true;
      dirty = true;
      notifyAll();
    }
    try {
      loop.join(Duration.ofSeconds(15));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** The source directory of the last build, or null. */
  public Path sourceDirectory() {
    SourceBuild.Built b = built;
    return b == null
            || b.source().origin() == com.zenith.functions.local.source.ResolvedSource.Origin.GIT
        ? null
        : b.source().directory();
  }

  /** The instances that exist now (serving, starting, draining), as Pods show them. */
  public List<InstanceView> instances() {
    List<InstanceView> out = new ArrayList<>();
    for (Rollout.Revision r : rollout.all()) {
      Instance i = r.instance();
      out.add(
          new InstanceView(
              i.pod(),
              i.revision(),
              r.desired().fn(),
              i.port(),
              i.isReady() && rollout.serving(r),
              i.isRunning(),
              i.restarts(),
              i.created(),
              i.environment(),
              i.logFile(),
              i.previousLogFile()));
    }
    return out;
  }

  private void run() {
    while (true) {
      Desired d;
      boolean rebuild;
      String why;
      boolean pause;
      long ticket;
      synchronized (this) {
        while (!dirty) {
          try {
            wait();
          } catch (InterruptedException e) {
            return;
          }
        }
        dirty = false;
        if (deleted) {
          break;
        }
        d = wanted;
        rebuild = rebuildRequested;
        why = rebuildReason;
        rebuildRequested = false;
        pause = paused;
        ticket = requested;
      }
      if (d != null) {
        try {
          step(d, rebuild ? why : null, pause);
        } catch (InterruptedException e) {
          break;
        } catch (RuntimeException e) {
          log.line("internal error while applying generation " + d.generation() + ": " + e);
        }
      }
      synchronized (this) {
        applied = Math.max(applied, ticket);
        notifyAll();
      }
    }
    rollout.stopAll();
  }

  /** Applies {@code d}; {@code rebuild} says why to build again from the same spec, or is null. */
  private void step(Desired d, String rebuild, boolean pause) throws InterruptedException {
    Function fn = d.fn();
    rollout.updateRoute(fn);
    SpecKeys.Source sourceKey = SpecKeys.source(fn, d.manifest());
    boolean newBuild = false;
    if (built == null || rebuild != null || !sourceKey.equals(builtKey)) {
      if (rebuild != null) {
        log.line(rebuild + ": rebuilding");
      }
      if (rollout.idle()) {
        rollout.markStarting(Reasons.BUILDING + ": the source is being built");
      }
      SourceBuild.Built b = builds.run(fn, d.manifest(), d.generation(), d.secrets());
      if (b == null) {
        if (rollout.idle()) {
          rollout.markDown(
              state.ready().reason() + ": " + Rollout.firstLine(state.ready().message()));
        } else {
          log.line("the build failed; the previous version keeps serving");
        }
        state.generation(d.generation());
        return;
      }
      newBuild = built == null || !b.run().equals(built.run()) || !b.hash().equals(built.hash());
      built = b;
      builtKey = sourceKey;
      gitBuilt =
          b.source().origin() == com.zenith.functions.local.source.ResolvedSource.Origin.GIT
              ? new GitBuilt(fn, b.source().commit())
              : null;
      Path dir = sourceDirectory();
      if (dir != null) {
        settings.sourceBuilt().accept(namespace + "/" + name, dir);
      }
    }
    if (pause) {
      rollout.stopAll();
      rollout.markDown(Reasons.SERVICE_NOT_READY + ": stopped by the user");
      state.set(
          ConditionTypes.SERVICE_READY,
          ConditionStatus.FALSE,
          Reasons.SERVICE_NOT_READY,
          "Stopped by the user; resume it to start it again.");
      log.line("stopped by the user");
      state.generation(d.generation());
      return;
    }
    SpecKeys.Deploy deployKey = SpecKeys.deploy(fn);
    if (!newBuild && deployKey.equals(rollout.targetKey())) {
      state.generation(d.generation());
      return; // nothing the process sees changed
    }
    rollout.launch(d, deployKey, built, (port, revision) -> environment(d, port, revision));
  }

  private Instance.Environment environment(Desired d, int port, int revision) {
    FunctionEnvironment.Result r =
        FunctionEnvironment.resolve(
            d.fn(), port, d.secrets(), d.configMaps(), proxy, settings.baseEnv());
    if (r instanceof FunctionEnvironment.Missing m) {
      return new Instance.Blocked(m.reason(), m.message());
    }
    var vars = new java.util.LinkedHashMap<>(((FunctionEnvironment.Ready) r).variables());
    vars.put("K_REVISION", PodNames.revision(name, revision));
    var tracing = settings.tracing().apply(d.fn(), vars);
    if (tracing == null) {
      state.remove(ConditionTypes.TRACING_READY);
    } else {
      state.set(
          ConditionTypes.TRACING_READY, tracing.status(), tracing.reason(), tracing.message());
      if (!ConditionStatus.TRUE.equals(tracing.status())) {
        log.line(tracing.message());
      }
    }
    return new Instance.Variables(vars);
  }
}
