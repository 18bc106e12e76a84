package com.zenith.functions.local.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Size-bounded, owner-only log files. */
class RotatingLogTest {
  @TempDir Path dir;

  @Test
  void aLogPastItsLimitIsRotatedOnceAndNeverTakesMoreThanTwiceTheLimit() throws Exception {
    Path file = dir.resolve("logs/default/fn.log");
    try (RotatingLog log = new RotatingLog(file, 1_000, true)) {
      for (int i = 0; i < 500; i++) {
        log.line("line %03d é".formatted(i)); // 12 bytes with the newline
      }
    }

    assertThat(Files.size(file)).isLessThanOrEqualTo(1_000);
    assertThat(Files.size(RotatingLog.rotated(file))).isBetween(900L, 1_000L);
    assertThat(Files.readString(file)).endsWith("line 499 é\n");
    assertThat(Files.list(file.getParent())).hasSize(2);
  }

  @Test
  void logFilesAndTheirDirectoriesAreTheOwnersOnly() throws Exception {
    Path file = dir.resolve("logs/default/fn.log");
    try (RotatingLog log = new RotatingLog(file, 1_000, true)) {
      log.line("x");
    }

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
        .isEqualTo("rwx------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("logs"))))
        .isEqualTo("rwx------");
  }

  @Test
  void reopeningAppendsAndCountsWhatIsAlreadyThere() throws Exception {
    Path file = dir.resolve("fn.log");
    Files.writeString(file, "x".repeat(995) + "\n");
    try (RotatingLog log = new RotatingLog(file, 1_000, true)) {
      log.line("next line");
    }

    assertThat(Files.readString(file)).isEqualTo("next line\n");
    assertThat(Files.size(RotatingLog.rotated(file))).isEqualTo(996);
  }
}
