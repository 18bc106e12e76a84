package com.zenith.functions.local.realize;

import com.zenith.functions.local.gateway.Gateway;
import com.zenith.functions.local.gateway.RouteTable;
import com.zenith.functions.local.process.FunctionEnvironment;
import com.zenith.functions.local.process.LogSink;
import com.zenith.functions.local.status.FunctionState;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's realizer: one {@link FunctionRunner} per Function, with its console prefix, its own
 * gateway port as a caller (so the access log names it) and its route; the local twin of what
 * Tekton and Knative run for the operator.
 */
public final class Realizer implements AutoCloseable {
  /** How a function's console lines look. */
  public record Console(PrintStream out, boolean colour) {}

  private record Entry(FunctionRunner runner, LogSink sink, int callerPort, int daprGrpcPort) {}

  private final RunnerSettings settings;
  private final RouteTable routes;
  private final Gateway gateway;
  private final Console console;
  private final String nodePreload;
  private final Map<String, Entry> entries = new ConcurrentHashMap<>();
  private int index;

  /** A realizer running functions with {@code settings} behind {@code gateway}. */
  public Realizer(
      RunnerSettings settings,
      RouteTable routes,
      Gateway gateway,
      Console console,
      Path nodePreload) {
    this.settings = settings;
    this.routes = routes;
    this.gateway = gateway;
    this.console = console;
    this.nodePreload = nodePreload.toString();
  }

  /** The runner of namespace/name, created (with its caller port and log) on first use. */
  public synchronized FunctionRunner runner(String namespace, String name, FunctionState state) {
    String key = namespace + "/" + name;
    Entry e = entries.get(key);
    if (e == null) {
      int caller = gateway.listenForCaller(name, namespace);
      int daprGrpc = gateway.listenDaprGrpc(name, namespace);
      String label = FunctionNames.label(namespace, name);
      LogSink sink =
          new LogSink(
              label,
              index++,
              Math.max(7, label.length()),
              console.colour(),
              console.out(),
              settings.logDir().resolve(namespace).resolve(name + ".log"));
      FunctionRunner r =
          new FunctionRunner(
              namespace,
              name,
              settings,
              routes,
              state,
              sink,
              new FunctionEnvironment.Proxy(caller, nodePreload, daprGrpc));
      e = new Entry(r, sink, caller, daprGrpc);
      entries.put(key, e);
    }
    return e.runner();
  }

  /** The runner of namespace/name, or null. */
  public FunctionRunner existing(String namespace, String name) {
    Entry e = entries.get(namespace + "/" + name);
    return e == null ? null : e.runner();
  }

  /** Stops and forgets namespace/name (its Function was deleted). */
  public void remove(String namespace, String name) {
    Entry e;
    synchronized (this) {
      e = entries.remove(namespace + "/" + name);
    }
    if (e != null) {
      e.runner().stop();
      routes.remove(namespace, name);
      gateway.closeCaller(e.callerPort());
      gateway.closeDaprGrpc(e.daprGrpcPort());
      e.sink().line("deleted: stopped and removed its routes");
      e.sink().close();
    }
  }

  /** Every runner, by namespace/name. */
  public Map<String, FunctionRunner> runners() {
    Map<String, FunctionRunner> out = new java.util.TreeMap<>();
    entries.forEach((k, e) -> out.put(k, e.runner()));
    return out;
  }

  @Override
  public void close() {
    List<Thread> stoppers = new ArrayList<>();
    for (Entry e : entries.values()) {
      stoppers.add(Thread.ofVirtual().start(e.runner()::stop));
    }
    for (Thread t : stoppers) {
      try {
        t.join(java.time.Duration.ofSeconds(20));
      } catch (InterruptedException ex) {
        Thread.currentThread().interrupt();
      }
    }
    entries.values().forEach(e -> e.sink().close());
  }

  /** Console labels: the name in the default namespace, namespace/name elsewhere. */
  private static final class FunctionNames {
    static String label(String namespace, String name) {
      return com.zenith.functions.api.naming.FunctionNames.DEFAULT_NAMESPACE.equals(namespace)
          ? name
          : namespace + "/" + name;
    }
  }
}
