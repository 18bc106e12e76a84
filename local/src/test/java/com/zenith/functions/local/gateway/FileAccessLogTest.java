package com.zenith.functions.local.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access log: lines queued by the event loops, written by a thread of its own. */
class FileAccessLogTest {
  @TempDir Path dir;

  /** Polls {@code condition} until it holds, for at most 5 s. */
  private static void eventually(Callable<Boolean> condition) throws Exception {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (!condition.call()) {
      assertThat(System.nanoTime()).as("condition within 5 s").isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  @Test
  void aLineReachesTheFileAndTheConsoleWithoutAFlushByTheCaller() throws Exception {
    Path file = dir.resolve("access.log");
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    PrintStream console = new PrintStream(bytes, true, StandardCharsets.UTF_8);
    try (FileAccessLog log = new FileAccessLog(file, console, "gw | ")) {
      eventually(FileAccessLogTest::writerSleeps); // the line must wake it
      log.record("node-relay", "GET", "default/python-signer", "/sign?name=Ada", 200, 4.75);
      eventually(() -> Files.exists(file) && !Files.readString(file).isEmpty());
      String line = Files.readString(file).strip();
      assertThat(line)
          .matches(
              "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z node-relay ->"
                  + " default/python-signer GET /sign\\?name=Ada 200 4\\.8ms");
      eventually(() -> bytes.toString(StandardCharsets.UTF_8).contains("\n"));
      assertThat(bytes.toString(StandardCharsets.UTF_8))
          .isEqualTo("gw | node-relay -> default/python-signer GET /sign?name=Ada 200 4.8ms\n");
    }
  }

  @Test
  void aLineAfterAQuietSpellIsWrittenToo() throws Exception {
    Path file = dir.resolve("access.log");
    try (FileAccessLog log = new FileAccessLog(file, null, "")) {
      for (int i = 0; i < 3; i++) {
        eventually(FileAccessLogTest::writerSleeps);
        log.record(null, "GET", "default/f", "/" + i, 200, 1.0);
        int want = i + 1;
        eventually(() -> Files.readAllLines(file).size() == want);
      }
    }
  }

  /** True when the log's writer thread waits for work (parked with nothing to write). */
  private static boolean writerSleeps() {
    return Thread.getAllStackTraces().keySet().stream()
        .anyMatch(
            t -> t.getName().equals("zenith-access-log") && t.getState() == Thread.State.WAITING);
  }

  @Test
  void linesFromManyThreadsAreAllWrittenOnceEach() throws Exception {
    Path file = dir.resolve("access.log");
    int threads = 4;
    int each = 5_000;
    try (FileAccessLog log = new FileAccessLog(file, null, "")) {
      CountDownLatch go = new CountDownLatch(1);
      List<Thread> writers =
          java.util.stream.IntStream.range(0, threads)
              .mapToObj(
                  t ->
                      Thread.ofPlatform()
                          .start(
                              () -> {
                                try {
                                  go.await();
                                } catch (InterruptedException e) {
                                  return;
                                }
                                for (int i = 0; i < each; i++) {
                                  log.record(
                                      null, "GET", "default/f", "/" + t + "/" + i, 200, 0.04);
                                }
                              }))
              .toList();
      go.countDown();
      for (Thread w : writers) {
        w.join();
      }
      log.flush();
      List<String> lines = Files.readAllLines(file);
      assertThat(lines).hasSize(threads * each);
      assertThat(lines.stream().map(l -> l.split(" ")[5]).distinct().count())
          .isEqualTo(threads * each);
      assertThat(lines).allMatch(l -> l.matches("\\S+ - -> default/f GET /\\d/\\d+ 200 0\\.0ms"));
    }
  }

  @Test
  void theLineFormatRoundsToATenthAndPadsMilliseconds() {
    var format = new FileAccessLog.LineFormat();
    assertThat(format.line(1_700_000_000_007L, "a", "ns/b", "POST", "/x", 504, 3001.25))
        .isEqualTo("2023-11-14T22:13:20.007Z a -> ns/b POST /x 504 3001.3ms");
    assertThat(format.line(1_700_000_000_000L, null, "ns/b", "GET", "/", 200, 0.0))
        .isEqualTo("2023-11-14T22:13:20.000Z - -> ns/b GET / 200 0.0ms");
  }
}
