package com.zenith.functions.local.traces;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.observability.TelemetryEnvironment;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import java.util.Map;

/**
 * What tracing adds to a function's process: the OTel variables of {@link TelemetryEnvironment}
 * pointing at the engine's receiver, when the spec enables tracing or the engine traces every
 * function ({@code zenith dev --tracing}), and the auto-instrumentation agent the spec asks for.
 */
public final class TracingSetup {
  /** No receiver: nothing is added. */
  public static final TracingSetup OFF = new TracingSetup(null, false, null);

  /** TracingReady as the runner reports it. */
  public record Condition(String status, String reason, String message) {}

  private final String endpoint;
  private final boolean everyFunction;
  private final Agents agents;

  /**
   * @param endpoint the receiver's base URL, or null when there is none
   * @param everyFunction trace functions whose spec does not enable tracing too
   * @param agents where auto-instrumentation agents come from
   */
  public TracingSetup(String endpoint, boolean everyFunction, Agents agents) {
    this.endpoint = endpoint;
    this.everyFunction = everyFunction;
    this.agents = agents;
  }

  /** The receiver's base URL, or null. */
  public String endpoint() {
    return endpoint;
  }

  /**
   * Adds the variables to {@code env} (a variable the Function sets itself wins, as in the cluster)
   * and attaches the agent; returns TracingReady, or null when auto-instrumentation is not asked.
   * May download or install the agent on first use: call it off event loops.
   */
  public Condition apply(Function fn, Map<String, String> env) {
    if (endpoint == null || !(everyFunction || TelemetryEnvironment.enabled(fn))) {
      return null;
    }
    TelemetryEnvironment.variables(fn, endpoint).forEach(env::putIfAbsent);
    InstrumentationLanguage language = TelemetryEnvironment.autoInstrumentation(fn);
    if (language == null || agents == null) {
      return null;
    }
    return switch (agents.prepare(language)) {
      case Agents.Attached a -> {
        String existing = env.get(a.variable());
        env.put(
            a.variable(),
            existing == null || existing.isBlank() ? a.option() : existing + " " + a.option());
        yield new Condition(ConditionStatus.TRUE, Reasons.READY, a.description());
      }
      case Agents.Unavailable u -> new Condition(ConditionStatus.FALSE, u.reason(), u.message());
    };
  }
}
