package com.zenith.functions.cli.commands;

import com.zenith.functions.api.validation.Diagnostic;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.Style;
import com.zenith.functions.cli.ZenithDirs;
import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.engine.Engine;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zenith dev}: runs a set of Functions on this machine, each reachable by its cluster name.
 */
@Command(
    name = "dev",
    mixinStandardHelpOptions = true,
    description = {
      "Validates the Function manifests, then builds and runs every Function locally, behind a"
          + " gateway that answers to their cluster names (http://<fn>.<ns>.svc.cluster.local).",
      "Stops every process it started on Ctrl-C or SIGTERM."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Stopped, and every function had become ready (with --until-ready: all became ready).",
      "1:Invalid manifests, or a function never became ready.",
      "2:Wrong usage."
    })
public final class DevCommand implements Callable<Integer> {
  private final Style style;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "0..*",
      paramLabel = "PATH",
      description =
          "Manifest files or directories, applied at start and re-applied when they change (a"
              + " removed object is deleted). None: an empty engine, for kubectl apply.")
  List<Path> paths = new java.util.ArrayList<>();

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read manifests in subdirectories.")
  boolean recursive;

  @Option(
      names = "--port",
      paramLabel = "N",
      defaultValue = "8080",
      description = "Gateway port on loopback (default: ${DEFAULT-VALUE}; 0 picks a free one).")
  int port;

  @Option(
      names = "--api-port",
      paramLabel = "N",
      defaultValue = "0",
      description =
          "Port of the engine's Kubernetes API on loopback (default: a free one; the kubeconfig"
              + " in the state directory names it).")
  int apiPort;

  @Option(
      names = "--bind",
      paramLabel = "ADDRESS",
      defaultValue = "127.0.0.1",
      description =
          "Gateway address (default: ${DEFAULT-VALUE}). Anything but loopback exposes your functions to the network.")
  String bind;

  @Option(
      names = "--watch",
      description = "Rebuild a function when its source changes and swap it in once ready.")
  boolean watch;

  @Option(
      names = "--git-poll",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = GitPollConverter.class,
      description =
          "How often a function cloned from git (not --source or the local-source annotation)"
              + " whose gitRevision can move (a branch or tag) is resolved with git ls-remote; a"
              + " new commit is rebuilt and swapped in once ready (default: ${DEFAULT-VALUE};"
              + " 500ms, 30s, 2m, 1h or seconds; 0 turns it off).")
  Duration gitPoll;

  /** Reads --git-poll as the operator reads its poll interval. */
  static final class GitPollConverter implements picocli.CommandLine.ITypeConverter<Duration> {
    @Override
    public Duration convert(String value) {
      try {
        Duration d = com.zenith.functions.api.schedule.Intervals.parse("--git-poll", value);
        if (d.isNegative()) {
          throw new picocli.CommandLine.TypeConversionException(
              "--git-poll=" + value + " is negative; 0 turns polling off");
        }
        return d;
      } catch (IllegalArgumentException e) {
        throw new picocli.CommandLine.TypeConversionException(e.getMessage());
      }
    }
  }

  @Option(
      names = "--source",
      paramLabel = "NAME=DIR",
      description = "Use DIR as the source of function NAME (repeatable).")
  Map<String, Path> sources = new LinkedHashMap<>();

  @Option(
      names = "--ready-timeout",
      paramLabel = "SECONDS",
      defaultValue = "120",
      description =
          "How long a started process may take to answer on its port (default: ${DEFAULT-VALUE}).")
  int readyTimeoutSeconds;

  @Option(
      names = "--until-ready",
      description =
          "Exit once every function is ready (0) or one failed (1): for scripts and benchmarks.")
  boolean untilReady;

  @Option(
      names = "--no-access-log",
      description = "Keep gateway access lines in the log file only, not on the console.")
  boolean noAccessLog;

  @Option(
      names = "--tracing",
      description =
          "Give every function the OpenTelemetry variables (exporting to the engine), not only"
              + " those with observability.tracing.enabled; see zenith traces.")
  boolean tracing;

  /** A command printing with the given style. */
  public DevCommand(Style style) {
    this.style = style;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    ValidationResult manifests =
        paths.isEmpty()
            ? new ValidationResult(
                List.of(), List.of(), List.of(), List.of(), List.of(), List.of(), 0, 0)
            : new ManifestValidator().validatePaths(paths, recursive);
    for (Diagnostic d : manifests.diagnostics()) {
      out.println(
          d.file()
              + ":"
              + d.position()
              + ": "
              + (d.isError() ? style.red("error") : style.yellow("warning"))
              + ": "
              + (d.field() == null || d.field().isEmpty() ? "" : d.field() + ": ")
              + d.message());
    }
    if (manifests.hasErrors()) {
      out.println(style.red("zenith dev: nothing was started: fix the errors above first."));
      return ExitCodes.INVALID;
    }
    if (!paths.isEmpty() && manifests.functions().isEmpty()) {
      out.println("zenith dev: no Function found in " + paths);
      return ExitCodes.INVALID;
    }
    out.flush();
    Map<String, String> env = System.getenv();
    PrintStream console = System.out;
    DevOptions options =
        new DevOptions(
            paths,
            recursive,
            port,
            apiPort,
            bind,
            sources,
            ZenithDirs.cache(env),
            ZenithDirs.state(env),
            Duration.ofSeconds(readyTimeoutSeconds),
            watch,
            !noAccessLog,
            style.colour(),
            console,
            gitPoll,
            tracing);
    CountDownLatch stop = new CountDownLatch(1);
    SignalTrap.onTerminate(stop::countDown);
    try (Engine session = new Engine(options)) {
      Thread hook = new Thread(session::close, "zenith-dev-shutdown");
      Runtime.getRuntime().addShutdownHook(hook);
      try {
        session.start();
      } catch (java.io.IOException | IllegalArgumentException e) {
        // IllegalArgumentException: a ZENITH_* setting in the environment is not valid
        out.println(style.red("zenith dev: " + e.getMessage()));
        out.flush();
        return ExitCodes.INVALID;
      }
      boolean settled = false;
      while (stop.getCount() > 0) {
        // With --until-ready a crashing function counts as failed: it would restart forever.
        boolean failed =
            untilReady
                ? session.views().stream().anyMatch(v -> "False".equals(v.ready()))
                : session.anyFailed();
        if (!settled && (session.allReady() || failed || session.views().isEmpty())) {
          settled = true;
          session.printTableIfDue();
          if (untilReady) {
            break;
          }
        } else if (settled) {
          session.printTableIfDue();
        }
        stop.await(200, java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      boolean ok =
          untilReady
              ? session.allReady() || session.views().isEmpty()
              : session.everyFunctionWasReady();
      console.println("zenith  | stopping every function...");
      session.close();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // already shutting down
      }
      return ok ? ExitCodes.OK : ExitCodes.INVALID;
    }
  }
}
