package com.zenith.functions.local.build;

import com.zenith.functions.local.process.OwnerOnly;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs a build plan with a content-hash cache: unchanged source (and plan) is not rebuilt. The
 * build's output goes to a log file whose last lines are reported on failure.
 */
public final class Builder {
  private static final int TAIL_LINES = 15;

  /** What a build gave. */
  public record Outcome(
      boolean ok, boolean cached, List<String> run, Path log, List<String> tail, String hash) {}

  private final Map<String, String> environment;
  private final Duration timeout;

  /** A builder running steps with {@code environment} and at most {@code timeout} per step. */
  public Builder(Map<String, String> environment, Duration timeout) {
    this.environment = environment;
    this.timeout = timeout;
  }

  /** Builds unless the marker in {@code outDir} says this source was already built. */
  public Outcome build(BuildPlan plan, Path outDir, Path log)
      throws IOException, InterruptedException {
    return build(plan, outDir, log, line -> {});
  }

  /** As {@link #build(BuildPlan, Path, Path)}, telling {@code progress} every 10 s of a step. */
  public Outcome build(
      BuildPlan plan, Path outDir, Path log, java.util.function.Consumer<String> progress)
      throws IOException, InterruptedException {
    Files.createDirectories(outDir);
    OwnerOnly.directories(log.getParent());
    String hash = SourceHash.of(plan.sourceDir(), plan.describe());
    Path marker = outDir.resolve("build.ok");
    if (Files.exists(marker) && Files.readString(marker).strip().equals(hash)) {
      List<String> run = resolveRun(plan);
      if (run != null && (plan.artifact() == null || Files.exists(plan.artifact()))) {
        return new Outcome(true, true, run, log, List.of(), hash);
      }
    }
    Files.deleteIfExists(marker);
    Files.writeString(log, "");
    OwnerOnly.file(log); // the build's output may name secrets of the environment
    for (List<String> step : plan.steps()) {
      Files.writeString(
          log,
          "$ " + String.join(" ", step) + System.lineSeparator(),
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.APPEND);
      ProcessBuilder pb =
          new ProcessBuilder(step)
              .directory(plan.sourceDir().toFile())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      pb.environment().clear();
      pb.environment().putAll(environment);
      Process p;
      try {
        p = pb.start();
      } catch (IOException e) {
        String line =
            "cannot run " + step.get(0) + ": " + e.getMessage() + " (is it installed and on PATH?)";
        Files.writeString(
            log,
            line + System.lineSeparator(),
            StandardCharsets.UTF_8,
            java.nio.file.StandardOpenOption.APPEND);
        return new Outcome(false, false, null, log, List.of(line), hash);
      }
      long started = System.nanoTime();
      boolean done = false;
      while (!done && System.nanoTime() - started < timeout.toNanos()) {
        done = p.waitFor(10, TimeUnit.SECONDS);
        if (!done) {
          progress.accept(
              "still building: "
                  + step.get(0)
                  + " ("
                  + (System.nanoTime() - started) / 1_000_000_000L
                  + " s, log: "
                  + log
                  + ")");
        }
      }
      if (!done) {
        com.zenith.functions.local.process.ProcessTree.stop(p.toHandle(), Duration.ofSeconds(2));
        return new Outcome(
            false,
            false,
            null,
            log,
            List.of("the build took longer than " + timeout.toSeconds() + " s and was stopped"),
            hash);
      }
      if (p.exitValue() != 0) {
        return new Outcome(false, false, null, log, tail(log), hash);
      }
    }
    List<String> run = resolveRun(plan);
    if (run == null) {
      return new Outcome(
          false,
          false,
          null,
          log,
          List.of("the build produced no runnable jar: no jar has a Main-Class in its manifest"),
          hash);
    }
    Files.writeString(marker, hash);
    return new Outcome(true, false, run, log, List.of(), hash);
  }

  /** Replaces {@code {jar:DIR}} in the run command by the jar the build left in DIR. */
  static List<String> resolveRun(BuildPlan plan) throws IOException {
    List<String> out = new ArrayList<>();
    for (String arg : plan.run()) {
      if (arg.startsWith("{jar:") && arg.endsWith("}")) {
        Path dir = plan.sourceDir().resolve(arg.substring(5, arg.length() - 1));
        Path jar = findJar(dir);
        if (jar == null) {
          return null;
        }
        out.add(jar.toString());
      } else {
        out.add(arg);
      }
    }
    return out;
  }

  private static Path findJar(Path dir) throws IOException {
    return RunnableJar.choose(RunnableJar.candidates(dir)).map(dir::resolve).orElse(null);
  }

  private static List<String> tail(Path log) throws IOException {
    List<String> lines =
        new String(Files.readAllBytes(log), StandardCharsets.UTF_8).lines().toList();
    return lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size());
  }
}
