package com.zenith.functions.local.status;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.BuildStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * The status of one function under zenith dev, with the same condition types and reasons as in a
 * cluster: what the reconciler writes into the Function's status subresource.
 */
public final class FunctionState {
  private final String name;
  private final String namespace;
  private final Consumer<FunctionState> onChange;
  private volatile String url;
  private volatile List<String> ignored = List.of();
  private volatile List<Condition> conditions = List.of();
  private volatile long generation = 1;
  private volatile BuildStatus build;
  private volatile boolean everReady;
  private volatile int port;
  private volatile int restarts;

  /** State of one function; {@code onChange} is told about every change of meaning. */
  public FunctionState(
      String name, String namespace, String url, Consumer<FunctionState> onChange) {
    this.name = name;
    this.namespace = namespace;
    this.url = url;
    this.onChange = onChange;
    // Build first: while both are Unknown, the first explains Ready (Building, not Deploying).
    set(
        ConditionTypes.BUILD_SUCCEEDED,
        ConditionStatus.UNKNOWN,
        Reasons.BUILDING,
        "Waiting to build.");
    set(
        ConditionTypes.SERVICE_READY,
        ConditionStatus.UNKNOWN,
        Reasons.DEPLOYING,
        "Waiting for the build.");
  }

  /** Sets a sub-condition and recomputes Ready. */
  public void set(String type, String status, String reason, String message) {
    boolean changed;
    synchronized (this) {
      Instant now = Instant.now();
      List<Condition> next =
          Conditions.set(conditions, Conditions.of(type, status, reason, message), generation, now);
      next = Conditions.set(next, Conditions.summarize(next, readyMessage(next)), generation, now);
      changed = !Conditions.sameMeaning(conditions, next);
      conditions = next;
      if (Conditions.isReady(next)) {
        everReady = true;
      }
    }
    if (changed) {
      onChange.accept(this);
    }
  }

  /** Removes a sub-condition (EventingReady when the spec no longer asks for eventing). */
  public void remove(String type) {
    boolean changed;
    synchronized (this) {
      List<Condition> next = Conditions.remove(conditions, type);
      changed = next.size() != conditions.size();
      if (changed) {
        next =
            Conditions.set(
                next, Conditions.summarize(next, readyMessage(next)), generation, Instant.now());
        conditions = next;
      }
    }
    if (changed) {
      onChange.accept(this);
    }
  }

  private static String readyMessage(List<Condition> conditions) {
    return Conditions.find(conditions, ConditionTypes.EVENTING_READY).isPresent()
        ? FunctionMessages.READY_WITH_EVENTING
        : FunctionMessages.READY;
  }

  /** The generation of the spec being realized: the status's observedGeneration. */
  public void generation(long g) {
    if (g != generation) {
      generation = g;
      onChange.accept(this);
    }
  }

  /** The generation being realized. */
  public long generation() {
    return generation;
  }

  /** The build the function runs. */
  public void build(BuildStatus b) {
    build = b;
  }

  /** The URL (it changes with the visibility). */
  public void url(String u) {
    if (!u.equals(url)) {
      url = u;
      onChange.accept(this);
    }
  }

  /** Fields of the spec that zenith dev does not realize, shown once. */
  public void ignored(List<String> fields) {
    ignored = List.copyOf(fields);
  }

  /** Records the port and restart count shown by zenith get. */
  public void process(int port, int restarts) {
    this.port = port;
    this.restarts = restarts;
  }

  /** True once Ready was True at least once. */
  public boolean everReady() {
    return everReady;
  }

  /** The current Ready condition. */
  public Condition ready() {
    return Conditions.find(conditions, ConditionTypes.READY).orElseThrow();
  }

  /** The condition of {@code type}, or null. */
  public Condition condition(String type) {
    return Conditions.find(conditions, type).orElse(null);
  }

  /** The conditions. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** The status as the Function's status subresource holds it. */
  public synchronized FunctionStatus status() {
    return new FunctionStatus(
        generation, conditions, url, build == null ? null : build.digest(), build);
  }

  /** A snapshot for the console table, the CLI and the dashboard. */
  public FunctionView view() {
    List<Condition> now = conditions;
    Condition r = Conditions.find(now, ConditionTypes.READY).orElseThrow();
    return new FunctionView(
        name,
        namespace,
        r.status(),
        r.reason(),
        r.message(),
        url,
        port,
        restarts,
        null,
        ignored,
        now,
        build);
  }

  /** The function's name. */
  public String name() {
    return name;
  }

  /** The function's namespace. */
  public String namespace() {
    return namespace;
  }
}
