package com.zenith.functions.local.gateway;

import com.zenith.functions.local.process.RotatingLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * Writes one line per gateway request to a file (size-rotated, {@link RotatingLog}) and,
 * optionally, to the console.
 */
public final class FileAccessLog implements AccessLog, AutoCloseable {
  private final RotatingLog file;
  private final PrintStream console;
  private final String prefix;
  private volatile boolean closed;

  /** A log at {@code path}; lines also go to {@code console} when it is not null. */
  public FileAccessLog(Path path, PrintStream console, String prefix) throws IOException {
    this.file = new RotatingLog(path, RotatingLog.MAX_BYTES, false);
    this.console = console;
    this.prefix = prefix;
    // Flushed in the background: a flush per request would cost a write per request.
    Thread.ofVirtual()
        .name("access-log-flush")
        .start(
            () -> {
              while (!closed) {
                flush();
                try {
                  Thread.sleep(200);
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
  }

  @Override
  public void record(
      String caller, String method, String target, String path, int status, double millis) {
    String line =
        String.format(
            "%s %s -> %s %s %s %d %.1fms",
            Instant.now().truncatedTo(ChronoUnit.MILLIS),
            caller == null ? "-" : caller,
            target,
            method,
            path,
            status,
            millis);
    try {
      file.write(line);
    } catch (IOException e) {
      // the access log must never fail a request
    }
    if (console != null) {
      synchronized (console) {
        console.println(prefix + line.substring(line.indexOf(' ') + 1));
      }
    }
  }

  /** Writes buffered lines out. */
  public void flush() {
    try {
      file.flush();
    } catch (IOException e) {
      // nothing more to do
    }
  }

  @Override
  public void close() {
    closed = true;
    file.close();
  }
}
