package com.zenith.functions.local.status;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.v1alpha1.Condition;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The conditions of one function under zenith dev, with the same types and reasons as in a cluster,
 * and whether it ever became ready.
 */
public final class FunctionState {
  private final String name;
  private final String namespace;
  private final String url;
  private final List<String> ignored;
  private final Consumer<FunctionState> onChange;
  private volatile List<Condition> conditions = List.of();
  private volatile boolean everReady;
  private volatile int port;
  private volatile int restarts;
  private volatile String log;

  /** State of one function; {@code onChange} is told about every change of meaning. */
  public FunctionState(
      String name,
      String namespace,
      String url,
      List<String> ignored,
      Consumer<FunctionState> onChange) {
    this.name = name;
    this.namespace = namespace;
    this.url = url;
    this.ignored = List.copyOf(ignored);
    this.onChange = onChange;
    set(
        ConditionTypes.SERVICE_READY,
        ConditionStatus.UNKNOWN,
        com.zenith.functions.api.conditions.Reasons.DEPLOYING,
        "Waiting for the build.");
    set(
        ConditionTypes.BUILD_SUCCEEDED,
        ConditionStatus.UNKNOWN,
        com.zenith.functions.api.conditions.Reasons.BUILDING,
        "Waiting to build.");
  }

  /** Sets a sub-condition and recomputes Ready. */
  public synchronized void set(String type, String status, String reason, String message) {
    Instant now = Instant.now();
    List<Condition> next =
        Conditions.set(conditions, Conditions.of(type, status, reason, message), 1, now);
    String readyMessage =
        Conditions.find(next, ConditionTypes.EVENTING_READY).isPresent()
            ? FunctionMessages.READY_WITH_EVENTING
            : FunctionMessages.READY;
    next = Conditions.set(next, Conditions.summarize(next, readyMessage), 1, now);
    boolean changed = !Conditions.sameMeaning(conditions, next);
    conditions = next;
    if (Conditions.isReady(next)) {
      everReady = true;
    }
    if (changed) {
      onChange.accept(this);
    }
  }

  /** Records the port and restart count shown by zenith get. */
  public void process(int port, int restarts) {
    this.port = port;
    this.restarts = restarts;
  }

  /** Records the log file path. */
  public void log(String path) {
    this.log = path;
  }

  /** True once Ready was True at least once. */
  public boolean everReady() {
    return everReady;
  }

  /** The current Ready condition. */
  public Condition ready() {
    return Conditions.find(conditions, ConditionTypes.READY).orElseThrow();
  }

  /** The conditions. */
  public List<Condition> conditions() {
    return conditions;
  }

  /** A snapshot. */
  public FunctionView view() {
    Condition r = ready();
    return new FunctionView(
        name,
        namespace,
        r.status(),
        r.reason(),
        r.message(),
        url,
        port,
        restarts,
        log,
        new CopyOnWriteArrayList<>(ignored));
  }

  /** The function's name. */
  public String name() {
    return name;
  }
}
