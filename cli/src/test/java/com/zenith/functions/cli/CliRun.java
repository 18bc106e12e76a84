package com.zenith.functions.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Runs zenith as the tests need it: in-process with captured output, or as its own JVM. */
final class CliRun {
  private CliRun() {}

  /** What an in-process run gave. */
  record Result(int code, String out, String err) {}

  /** Runs the CLI in this JVM with captured writers and no colour. */
  static Result inProcess(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        ZenithCommand.execute(
            args, new PrintWriter(out, true), new PrintWriter(err, true), Style.plain());
    return new Result(code, out.toString(), err.toString());
  }

  /** Starts the CLI in its own JVM, with its state and cache under {@code dir}. */
  static Process start(Path dir, String... args) throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(ZenithCommand.class.getName());
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
    pb.environment().put("ZENITH_STATE_DIR", dir.resolve("state").toString());
    pb.environment().put("ZENITH_CACHE_DIR", dir.resolve("cache").toString());
    pb.environment().put("NO_COLOR", "1");
    return pb.start();
  }

  /**
   * Runs the CLI in its own JVM with its state under {@code dir} (as {@link #start}) and waits;
   * standard error is merged into {@code out}.
   */
  static Result separate(Path dir, String... args) throws Exception {
    Process p = start(dir, args);
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("zenith " + String.join(" ", args) + " did not finish in 60 s");
    }
    return new Result(p.exitValue(), out, out);
  }

  /** A running zenith dev: its process, its gateway port and what it printed until ready. */
  record Dev(Process process, int port, String output) {}

  /**
   * Starts {@code zenith dev --port 0 ARGS} and reads its output until {@code readyLine} appears
   * (or 120 s pass); the rest of the output is drained in the background.
   */
  static Dev dev(Path dir, String readyLine, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("dev", "--port", "0"));
    all.addAll(List.of(args));
    Process p = start(dir, all.toArray(String[]::new));
    BufferedReader lines =
        new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
    StringBuilder seen = new StringBuilder();
    int port = -1;
    Pattern gateway = Pattern.compile("gateway on http://127\\.0\\.0\\.1:(\\d+)");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    String line;
    while (System.nanoTime() < deadline && (line = lines.readLine()) != null) {
      seen.append(line).append('\n');
      Matcher m = gateway.matcher(line);
      if (m.find()) {
        port = Integer.parseInt(m.group(1));
      }
      if (line.contains(readyLine)) {
        break;
      }
    }
    Thread.ofVirtual()
        .start(
            () -> {
              try {
                lines.lines().forEach(l -> {});
              } catch (java.io.UncheckedIOException e) {
                // the process ended
              }
            });
    return new Dev(p, port, seen.toString());
  }
}
