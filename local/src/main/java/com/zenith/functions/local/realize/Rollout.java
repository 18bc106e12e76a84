package com.zenith.functions.local.realize;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.local.gateway.Route;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.status.FunctionState;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A function's revisions, the local twin of Knative's routing between them: the one serving, the
 * one starting (routed to once it answers), and the replaced ones draining their requests in flight
 * before they stop; and the function's route in the gateway, up or down with the reason.
 */
final class Rollout implements Instance.Listener {
  /** A started instance, the spec it was started from, and its revision template. */
  record Revision(Instance instance, FunctionRunner.Desired desired, SpecKeys.Deploy key) {}

  private final String name;
  private final String namespace;
  private final RunnerSettings settings;
  private final RouteTable routes;
  private final FunctionState state;
  private final LogSink log;
  private final List<Revision> draining = new ArrayList<>();
  private Revision current;
  private Revision pending;
  private int revisions;

  Rollout(
      String namespace,
      String name,
      RunnerSettings settings,
      RouteTable routes,
      FunctionState state,
      LogSink log) {
    this.namespace = namespace;
    this.name = name;
    this.settings = settings;
    this.routes = routes;
    this.state = state;
    this.log = log;
  }

  /** True when nothing runs or starts. */
  synchronized boolean idle() {
    return current == null && pending == null;
  }

  /** The revision template of the newest revision (starting, else serving), or null. */
  synchronized SpecKeys.Deploy targetKey() {
    Revision target = pending != null ? pending : current;
    return target == null ? null : target.key();
  }

  /** Every revision that exists now: serving first, then draining, then starting. */
  synchronized List<Revision> all() {
    List<Revision> all = new ArrayList<>(draining);
    if (current != null) {
      all.add(0, current);
    }
    if (pending != null) {
      all.add(pending);
    }
    return all;
  }

  /** True when {@code r} serves traffic now. */
  synchronized boolean serving(Revision r) {
    return r == current;
  }

  /** Starts a new revision of {@code built} for {@code d}; a revision still starting is dropped. */
  synchronized void launch(
      FunctionRunner.Desired d,
      SpecKeys.Deploy key,
      SourceBuild.Built built,
      java.util.function.BiFunction<Integer, Integer, Instance.Environment> environment) {
    int revision = ++revisions;
    String pod = PodNames.pod(name, revision);
    Path logFile = settings.logDir().resolve(namespace).resolve(pod + ".log");
    Instance.Plan plan =
        new Instance.Plan(built.run(), built.dir(), port -> environment.apply(port, revision));
    Instance inst = new Instance(pod, revision, plan, settings, log, logFile, this);
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

  @Override
  public void ready(Instance inst, int port) {
    Revision old = null;
    synchronized (this) {
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
    synchronized (this) {
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
    synchronized (this) {
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

  /** Stops every revision and waits (bounded) for their processes to end. */
  void stopAll() {
    List<Revision> all;
    synchronized (this) {
      all = all();
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

  /** Keeps the route's visibility and Dapr app ID as the spec says, and its port as it is. */
  void updateRoute(Function fn) {
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

  /** Down while it comes up by itself: requests wait for it, bounded by its timeout. */
  void markStarting(String reason) {
    Route r = route();
    if (r != null) {
      routes.put(r.starting(reason));
    }
  }

  /** Down for good until the spec or the source changes: requests get 503 at once. */
  void markDown(String reason) {
    Route r = route();
    if (r != null) {
      routes.put(r.down(reason));
    }
  }

  static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }
}
