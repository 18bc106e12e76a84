package com.zenith.functions.local;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against an engine's kubeconfig (and no other), in a given directory. */
final class Kubectl {
  private final Path kubeconfig;
  private final Path home;

  /** What a kubectl run gave. */
  record Run(int exit, String out, String err) {
    @Override
    public String toString() {
      return "exit " + exit + "\nstdout:\n" + out + "\nstderr:\n" + err;
    }
  }

  /** {@code home} holds kubectl's cache, so the user's own ~/.kube is never read or written. */
  Kubectl(Path kubeconfig, Path home) {
    this.kubeconfig = kubeconfig;
    this.home = home;
  }

  /** Fails under CI, else skips, when kubectl is not on PATH. */
  static void require() {
    Toolchains.require("kubectl");
  }

  Run run(String... args) throws Exception {
    return in(home, null, args);
  }

  /** Runs kubectl in {@code dir} (relative -f paths), with {@code stdin} when not null. */
  Run in(Path dir, String stdin, String... args) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString()));
    cmd.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile());
    pb.environment().remove("KUBECONFIG");
    pb.environment().put("HOME", home.toString());
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
    if (!p.waitFor(11, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new AssertionError("kubectl " + String.join(" ", args) + " did not finish");
    }
    Run r = new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    Files.delete(out);
    Files.delete(err);
    return r;
  }
}
