package com.zenith.functions.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs the real kubectl against one kubeconfig (and no other), with a HOME of its own: the
 * acceptance tests' engines and the kube package's API server tests both use it.
 */
public final class Kubectl {
  private final String executable;
  private final Path kubeconfig;
  private final Path home;
  private final Duration timeout;

  /** What a kubectl run gave. */
  public record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** kubectl from PATH, a run waiting at most 11 minutes (a wait on a function's first build). */
  Kubectl(Path kubeconfig, Path home) {
    this("kubectl", kubeconfig, home, Duration.ofMinutes(11));
  }

  /**
   * @param executable the kubectl to run (a name on PATH or a path)
   * @param kubeconfig the only kubeconfig it reads
   * @param home its HOME, holding its cache, so the user's own ~/.kube is never read or written
   * @param timeout how long one run may take before the test fails
   */
  public Kubectl(String executable, Path kubeconfig, Path home, Duration timeout) {
    this.executable = executable;
    this.kubeconfig = kubeconfig;
    this.home = home;
    this.timeout = timeout;
  }

  /** Fails under CI, else skips, when kubectl is not on PATH. */
  static void require() {
    Toolchains.require("kubectl");
  }

  /** Runs kubectl in its HOME, with no input. */
  public Run run(String... args) throws Exception {
    return in(home, null, args);
  }

  /** Runs kubectl in {@code dir} (relative -f paths), with {@code stdin} when not null. */
  public Run in(Path dir, String stdin, String... args) throws Exception {
    ProcessBuilder pb = process(args).directory(dir.toFile());
    Path out = Files.createTempFile(home, "kubectl-out", ".txt");
    Path err = Files.createTempFile(home, "kubectl-err", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    if (stdin == null) {
      pb.redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
    }
    Process p = pb.start();
    if (stdin != null) {
      try (var w = p.getOutputStream()) {
        w.write(stdin.getBytes(StandardCharsets.UTF_8));
      }
    }
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new AssertionError(
          "kubectl " + String.join(" ", args) + " did not finish in " + timeout.toSeconds() + " s");
    }
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }

  /**
   * Starts kubectl for a command that streams (logs -f), its errors merged into its output; the
   * caller reads and stops it.
   */
  public Process start(String... args) throws Exception {
    return process(args).redirectErrorStream(true).start();
  }

  private ProcessBuilder process(String... args) {
    List<String> cmd = new ArrayList<>(List.of(executable, "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", home.toString());
    return pb;
  }
}
