package com.zenith.functions.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kill -9 of zenith dev leaves no function process behind. */
class KillNineTest {
  private static final Path SIGNER =
      Path.of("..", "examples", "polyglot", "python-signer.yaml").toAbsolutePath().normalize();

  @TempDir Path dir;

  @Test
  void sigkillOfTheEngineTakesEveryFunctionProcessWithItWithinTenSeconds() throws Exception {
    CliRun.Dev dev = CliRun.dev(dir, "python-signer | ready on", SIGNER.toString());
    assertThat(dev.output()).contains("ready on");
    List<ProcessHandle> children = dev.process().toHandle().descendants().toList();
    assertThat(children).as("function processes of zenith dev").isNotEmpty();

    dev.process().toHandle().destroyForcibly(); // SIGKILL: no shutdown hook runs
    assertThat(dev.process().waitFor(10, TimeUnit.SECONDS)).isTrue();

    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline && children.stream().anyMatch(ProcessHandle::isAlive)) {
      Thread.sleep(50);
    }
    assertThat(children.stream().filter(ProcessHandle::isAlive).map(this::describe))
        .as("processes still alive 10 s after kill -9")
        .isEmpty();
  }

  private String describe(ProcessHandle p) {
    return p.pid() + " " + p.info().commandLine().orElse("?");
  }
}
