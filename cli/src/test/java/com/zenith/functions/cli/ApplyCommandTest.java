package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** zenith apply against a running, empty zenith dev engine, as real processes. */
class ApplyCommandTest {
  private static final Path SIGNER =
      Path.of("..", "examples", "polyglot", "python-signer.yaml").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void applyCreatesThenLeavesUnchangedAndAnInvalidFileAppliesNothing() throws Exception {
    CliRun.Dev dev = CliRun.dev(dir, "Kubernetes API on");
    try {
      CliRun.Result first = CliRun.separate(dir, "apply", "-f", SIGNER.toString());
      assertThat(first.code()).as(first.err()).isZero();
      assertThat(first.out()).contains("functions.functions.zenith.com/python-signer created");

      CliRun.Result ready = CliRun.separate(dir, "get", "--wait", "--timeout", "120");
      assertThat(ready.code()).as(ready.err()).isZero();
      assertThat(ready.out()).containsPattern("python-signer\\s+True\\s+Ready");

      CliRun.Result again = CliRun.separate(dir, "apply", "-f", SIGNER.toString());
      assertThat(again.out()).contains("python-signer unchanged");

      Path bad = dir.resolve("bad.yaml");
      Files.writeString(
          bad,
          "apiVersion: functions.zenith.com/v1alpha1\nkind: Function\nmetadata:\n  name: bad\n"
              + "spec:\n  gitRepo: https://github.com/x/y\n  build:\n    image: \"\"\n");
      CliRun.Result invalid = CliRun.separate(dir, "apply", "-f", bad.toString());
      assertThat(invalid.code()).isEqualTo(ExitCodes.INVALID);
      assertThat(invalid.err()).contains("bad.yaml:8:").contains("spec.build.image");
      CliRun.Result none = CliRun.separate(dir, "get", "bad");
      assertThat(none.code())
          .as("nothing of an invalid file is applied")
          .isEqualTo(ExitCodes.INVALID);
    } finally {
      dev.process().destroy();
      dev.process().waitFor(30, TimeUnit.SECONDS);
    }
  }
}
