package com.zenith.functions.local.engine;

import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.local.status.FunctionState;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.status.StatusTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Supplier;

/**
 * What the engine prints on the console (none when null): its own prefixed lines, each Ready
 * transition, the status table once something changed, and the addresses once started.
 */
final class EngineConsole {
  private final PrintStream console;
  private final boolean colour;
  private volatile boolean tableDue;

  EngineConsole(PrintStream console, boolean colour) {
    this.console = console;
    this.colour = colour;
  }

  /** One line of the engine's. */
  void say(String line) {
    if (console != null) {
      synchronized (console) {
        console.println(Prefixes.of("zenith", colour) + line);
      }
    }
  }

  /** A function's Ready condition changed: a line now, the table at the next {@link #table}. */
  void readyChanged(FunctionState s, Condition r) {
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

  /** Prints the status table if something changed since it was last printed. */
  void table(Supplier<List<FunctionView>> views) {
    if (tableDue && console != null) {
      tableDue = false;
      synchronized (console) {
        console.print(StatusTable.render(views.get()));
      }
    }
  }

  /** Where everything is, once started. */
  void started(
      String gatewayUrl,
      Path logs,
      String apiUrl,
      Path kubeconfig,
      String otlpEndpoint,
      boolean tracingAll,
      String dashboard) {
    say("gateway on " + gatewayUrl + "  (logs in " + logs + ")");
    say("Kubernetes API on " + apiUrl + ": export KUBECONFIG=" + kubeconfig);
    say(
        "traces: OTLP/HTTP receiver on "
            + otlpEndpoint
            + (tracingAll
                ? " (every function exports to it)"
                : " (functions with observability.tracing.enabled export to it; --tracing for all)")
            + "; see zenith traces");
    say("dashboard: " + dashboard);
  }
}
