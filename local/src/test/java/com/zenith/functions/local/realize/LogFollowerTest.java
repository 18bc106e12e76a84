package com.zenith.functions.local.realize;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.local.process.RotatingLog;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** kubectl logs -f's reader: it follows a log across a size rotation. */
class LogFollowerTest {
  @TempDir Path dir;

  @Test
  void aFollowerReadsOnAcrossARotation() throws Exception {
    Path file = dir.resolve("pod.log");
    AtomicBoolean alive = new AtomicBoolean(true);
    try (RotatingLog log = new RotatingLog(file, 100, false)) {
      log.line("first " + "a".repeat(80));
      InputStream follower = LogFollower.from(file, 0, alive::get);
      CompletableFuture<String> read =
          CompletableFuture.supplyAsync(
              () -> {
                try (follower) {
                  return new String(follower.readAllBytes(), StandardCharsets.UTF_8);
                } catch (Exception e) {
                  return e.toString();
                }
              });
      Thread.sleep(300); // the follower waits at the end of the first file
      log.line("second " + "b".repeat(80)); // past 100 bytes: rotated first
      log.line("third");
      Thread.sleep(300);
      alive.set(false);

      assertThat(read.get(10, TimeUnit.SECONDS))
          .isEqualTo("first " + "a".repeat(80) + "\nsecond " + "b".repeat(80) + "\nthird\n");
    }
  }
}
