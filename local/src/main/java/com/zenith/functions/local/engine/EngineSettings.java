package com.zenith.functions.local.engine;

import com.zenith.functions.local.DevOptions;
import com.zenith.functions.local.build.BuildDetector;
import com.zenith.functions.local.build.Builder;
import com.zenith.functions.local.realize.ProcessLauncher;
import com.zenith.functions.local.realize.RunnerSettings;
import com.zenith.functions.local.source.SourceResolver;
import java.io.File;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** How the engine's runners build and run: toolchains, environments, timeouts. */
final class EngineSettings {
  /** What every function process inherits from the engine: PATH, HOME, locale. */
  static final Set<String> INHERITED =
      Set.of(
          "PATH",
          "HOME",
          "USER",
          "LANG",
          "LC_ALL",
          "TZ",
          "TMPDIR",
          "JAVA_HOME",
          "GOPATH",
          "GOCACHE",
          "GOROOT");

  private EngineSettings() {}

  static RunnerSettings runner(
      DevOptions options,
      StateDirectory state,
      ProcessLauncher launcher,
      java.util.function.BiConsumer<String, Path> sourceBuilt,
      com.zenith.functions.local.traces.TracingSetup tracing) {
    return new RunnerSettings(
        new SourceResolver(options.sources(), options.cacheDir().resolve("git"), System.getenv()),
        new BuildDetector(System.getProperty("java.home")),
        new Builder(buildEnvironment(), Duration.ofMinutes(15)),
        options.cacheDir().resolve("builds"),
        state.logs(),
        options.readyTimeout(),
        Duration.ofSeconds(30),
        baseEnvironment(),
        launcher,
        Path.of("").toAbsolutePath(),
        sourceBuilt,
        tracing);
  }

  private static Map<String, String> baseEnvironment() {
    Map<String, String> env = new HashMap<>();
    for (String k : List.copyOf(INHERITED)) {
      String v = System.getenv(k);
      if (v != null) {
        env.put(k, v);
      }
    }
    return env;
  }

  /** Builds run with zenith's JDK, so Maven builds get a Java 21+ compiler. */
  private static Map<String, String> buildEnvironment() {
    Map<String, String> env = new HashMap<>(System.getenv());
    env.remove("JAVA_TOOL_OPTIONS");
    env.remove("HTTP_PROXY");
    env.remove("http_proxy");
    String javaHome = System.getProperty("java.home");
    env.put("JAVA_HOME", javaHome);
    env.put(
        "PATH", javaHome + "/bin" + File.pathSeparator + env.getOrDefault("PATH", "/usr/bin:/bin"));
    return env;
  }
}
