package com.zenith.functions.local.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A backlog larger than the broker's whole heap is accepted, survives a restart and is delivered:
 * {@link BacklogHeapCheck} in a JVM of 48 MB with 4,000 events of 16 KB (64 MB of data) for a
 * subscriber that is down. With every event held in memory (as before the backlog was bounded) the
 * same run fails with an OutOfMemoryError.
 */
class EventBacklogHeapTest {
  @TempDir Path dir;

  @Test
  void aBacklogLargerThanTheHeapIsAcceptedKeptAcrossARestartAndDeliveredInFull() throws Exception {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx48m");
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(BacklogHeapCheck.class.getName());
    cmd.add(dir.resolve("state").toString());
    cmd.add("4000");
    cmd.add("16384");
    cmd.add(String.valueOf(EventLimits.HELD_EVENTS));
    cmd.add(String.valueOf(EventLimits.HELD_BYTES));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    boolean ended = p.waitFor(180, TimeUnit.SECONDS);
    if (!ended) {
      p.destroyForcibly();
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(ended).as("the check ended within 180 s: %s", out).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("accepted 4000, resumed 4000 after the restart, delivered 4000");
  }
}
