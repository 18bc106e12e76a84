package com.zenith.functions.local.realize;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.gateway.Route;
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

  private record Revision(Instance instance, Desired desired, SpecKeys.Deploy key) {}

  private final String name;
  private final String namespace;
  private final RunnerSettings settings;
  private final RouteTable routes;
  private final FunctionState state;
  private final LogSink log;
  private final FunctionEnvironment.Proxy proxy;
  private final SourceBuild builds;
  private final Thread loop;
  private final List<Revision> draining = new ArrayList<>();
  // Guarded by this:
  private Desired wanted;
  private boolean dirty;
  private boolean paused;
  private boolean deleted;
  private boolean rebuildRequested;
  private long requested;
  private long applied;
  private Revision current;
  private Revision pending;
  private int revisions;
  // Owned by the control thread:
  private SourceBuild.Built built;
  private SpecKeys.Source builtKey;

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
  public synchronized void rebuild() {
    rebuildRequested = true;
    dirty = true;
    notifyAll();
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
  public synchronized List<InstanceView> instances() {
    List<InstanceView> out = new ArrayList<>();
    for (Revision r : allRevisions()) {
      Instance i = r.instance();
      out.add(
          new InstanceView(
              i.pod(),
              i.revision(),
              r.desired().fn(),
              i.port(),
              i.isReady() && r == current,
              i.isRunning(),
              i.restarts(),
              i.created(),
              i.environment(),
              i.logFile(),
              i.previousLogFile()));
    }
    return out;
  }

  private List<Revision> allRevisions() {
    List<Revision> all = new ArrayList<>(draining);
    if (current != null) {
      all.add(0, current);
    }
    if (pending != null) {
      all.add(pending);
    }
    return all;
  }

  private void run() {
    while (true) {
      Desired d;
      boolean rebuild;
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
        rebuildRequested = false;
        pause = paused;
        ticket = requested;
      }
      if (d != null) {
        try {
          step(d, rebuild, pause);
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
    stopAll();
  }

  private void step(Desired d, boolean rebuild, boolean pause) throws InterruptedException {
    Function fn = d.fn();
    updateRoute(fn);
    SpecKeys.Source sourceKey = SpecKeys.source(fn, d.manifest());
    boolean newBuild = false;
    if (built == null || rebuild || !sourceKey.equals(builtKey)) {
      if (rebuild) {
        log.line("source changed: rebuilding");
      }
      synchronized (this) {
        if (current == null) {
          markStarting(Reasons.BUILDING + ": the source is being built");
        }
      }
      SourceBuild.Built b = builds.run(fn, d.manifest(), d.generation());
      if (b == null) {
        synchronized (this) {
          if (current == null) {
            markDown(state.ready().reason() + ": " + firstLine(state.ready().message()));
          } else {
            log.line("the build failed; the previous version keeps serving");
          }
        }
        state.generation(d.generation());
        return;
      }
      newBuild = built == null || !b.run().equals(built.run()) || !b.hash().equals(built.hash());
      built = b;
      builtKey = sourceKey;
      Path dir = sourceDirectory();
      if (dir != null) {
        settings.sourceBuilt().accept(namespace + "/" + name, dir);
      }
    }
    if (pause) {
      stopAll();
      markDown(Reasons.SERVICE_NOT_READY + ": stopped by the user");
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
    synchronized (this) {
      Revision target = pending != null ? pending : current;
      if (!newBuild && target != null && target.key().equals(deployKey)) {
        state.generation(d.generation());
        return; // nothing the process sees changed
      }
      launch(d, deployKey);
    }
  }

  /** Starts a new revision; holds the lock. */
  private void launch(Desired d, SpecKeys.Deploy key) {
    int revision = ++revisions;
    String pod = PodNames.pod(name, revision);
    Path logFile = settings.logDir().resolve(namespace).resolve(pod + ".log");
    Instance.Plan plan =
        new Instance.Plan(built.run(), built.dir(), port -> environment(d, port, revision));
    Instance inst = new Instance(pod, revision, plan, settings, log, logFile, new Events());
    if (pending != null) {
      pending.instance().retire(Duration.ofSeconds(5)); // superseded before it became ready
    }
    pending = new Revision(inst, d, key);
    String message =
        current == null
            ? "Starting revision " + PodNames.revision(name, revision) + "."
            : "Rolling out revision "
                + PodNames.revision(name, revision)
                + "; revision "
                + PodNames.revision(name, current.instance().revision())
                + " keeps serving until it is ready.";
    state.set(ConditionTypes.SERVICE_READY, ConditionStatus.UNKNOWN, Reasons.DEPLOYING, message);
    state.generation(d.generation());
    if (current == null) {
      markStarting(Reasons.DEPLOYING + ": " + message);
    }
    inst.start();
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
    return new Instance.Variables(vars);
  }

  /** What the instances report, applied under the runner's lock. */
  private final class Events implements Instance.Listener {
    @Override
    public void ready(Instance inst, int port) {
      Revision old = null;
      synchronized (FunctionRunner.this) {
        if (pending != null && pending.instance() == inst) {
          old = current;
          current = pending;
          pending = null;
          if (old != null) {
            draining.add(old);
          }
        } else if (current == null || current.instance() != inst) {
          return; // retired meanwhile
        }
        routes.put(route().servedAt(port));
        state.process(port, inst.restarts());
      }
      state.set(
          ConditionTypes.SERVICE_READY,
          ConditionStatus.TRUE,
          Reasons.READY,
          "Revision "
              + PodNames.revision(name, inst.revision())
              + " answers on 127.0.0.1:"
              + port
              + ".");
      log.line("ready on 127.0.0.1:" + port + " (revision " + inst.revision() + ")");
      if (old != null) {
        Revision retiring = old;
        Thread.ofVirtual().name("drain-" + retiring.instance().pod()).start(() -> drain(retiring));
      }
    }

    @Override
    public void crashed(Instance inst, String reason, String why) {
      log.line(why);
      synchronized (FunctionRunner.this) {
        boolean serving = current != null && current.instance() == inst;
        boolean starting = pending != null && pending.instance() == inst;
        if (!serving && !starting) {
          return;
        }
        if (serving || current == null) {
          // Restarted after a backoff: requests wait for it (bounded), with the real reason.
          markStarting(reason + ": " + firstLine(why));
        }
        state.process(0, inst.restarts());
        String message =
            starting && current != null
                ? why
                    + " Revision "
                    + PodNames.revision(name, current.instance().revision())
                    + " still serves."
                : why;
        state.set(ConditionTypes.SERVICE_READY, ConditionStatus.FALSE, reason, message);
      }
    }

    @Override
    public void blocked(Instance inst, String reason, String message) {
      synchronized (FunctionRunner.this) {
        if (pending != null && pending.instance() == inst) {
          pending = null;
        } else if (current != null && current.instance() == inst) {
          current = null;
        } else {
          return;
        }
        inst.retire(Duration.ZERO);
        if (current == null) {
          markDown(reason + ": " + firstLine(message));
        }
      }
      state.set(ConditionTypes.SERVICE_READY, ConditionStatus.FALSE, reason, message);
    }
  }

  /** Lets a replaced instance finish its requests in flight (bounded), then stops it. */
  private void drain(Revision old) {
    int port = old.instance().port();
    // As Knative, a replaced revision may finish its requests for as long as one may take.
    Duration bound = Duration.ofSeconds(FunctionNames.timeoutSeconds(old.desired().fn()));
    long deadline = System.nanoTime() + bound.toNanos();
    while (routes.inFlight(port) > 0 && System.nanoTime() < deadline) {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    old.instance().retire(Duration.ofSeconds(5));
    synchronized (this) {
      draining.remove(old);
    }
    log.line("revision " + old.instance().revision() + " drained and stopped");
  }

  private void stopAll() {
    List<Revision> all;
    synchronized (this) {
      all = allRevisions();
      current = null;
      pending = null;
      draining.clear();
    }
    List<Thread> stoppers = new ArrayList<>();
    for (Revision r : all) {
      stoppers.add(Thread.ofVirtual().start(() -> r.instance().retire(Duration.ofSeconds(5))));
    }
    for (Thread t : stoppers) {
      try {
        t.join(Duration.ofSeconds(10));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private void updateRoute(Function fn) {
    synchronized (this) {
      Route r = route();
      Route next =
          new Route(
              name,
              namespace,
              FunctionNames.visibility(fn),
              DaprIds.appIdIfEnabled(fn),
              r == null ? 0 : r.port(),
              r == null ? Reasons.BUILDING + ": the source is being built" : r.downReason(),
              FunctionNames.timeoutSeconds(fn),
              r == null || r.activating());
      routes.put(next);
    }
  }

  private Route route() {
    return routes.get(namespace, name);
  }

  /** Down for good until the spec or the source changes: requests get 503 at once. */
  private void markDown(String reason) {
    Route r = route();
    if (r != null) {
      routes.put(r.down(reason));
    }
  }

  /** Down while it comes up by itself: requests wait for it, bounded by its timeout. */
  private void markStarting(String reason) {
    Route r = route();
    if (r != null) {
      routes.put(r.starting(reason));
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
