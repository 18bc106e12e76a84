package com.zenith.functions.local.gateway;

import com.zenith.functions.local.process.RotatingLog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Writes one line per gateway request to a file (size-rotated, {@link RotatingLog}) and,
 * optionally, to the console. The event loops only queue the request's facts; a thread of its own
 * formats and writes them in batches, so no file or console write runs on an event loop.
 */
public final class FileAccessLog implements AccessLog, AutoCloseable {
  /** Lines queued at most; past that (a disk that does not keep up) lines are dropped, counted. */
  static final int MAX_QUEUED = 100_000;

  private static final long BATCH_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

  private record Entry(
      long epochMillis,
      String caller,
      String method,
      String target,
      String path,
      int status,
      double millis) {}

  private final RotatingLog file;
  private final PrintStream console;
  private final String prefix;
  private final Queue<Entry> queue = new ConcurrentLinkedQueue<>();
  private final AtomicInteger queued = new AtomicInteger();
  private final AtomicLong dropped = new AtomicLong();
  private final LineFormat format = new LineFormat();
  private final Thread writer;
  private volatile boolean idle;
  private volatile boolean closed;

  /** A log at {@code path}; lines also go to {@code console} when it is not null. */
  public FileAccessLog(Path path, PrintStream console, String prefix) throws IOException {
    this.file = new RotatingLog(path, RotatingLog.MAX_BYTES, false);
    this.console = console;
    this.prefix = prefix;
    this.writer = Thread.ofPlatform().daemon().name("zenith-access-log").start(this::writeLoop);
  }

  @Override
  public void record(
      String caller, String method, String target, String path, int status, double millis) {
    if (queued.incrementAndGet() > MAX_QUEUED) {
      queued.decrementAndGet();
      dropped.incrementAndGet();
      return;
    }
    queue.offer(
        new Entry(System.currentTimeMillis(), caller, method, target, path, status, millis));
    if (idle) {
      idle = false;
      LockSupport.unpark(writer); // only when the writer sleeps: no wake-up per request
    }
  }

  private void writeLoop() {
    while (!closed) {
      if (drain()) {
        LockSupport.parkNanos(BATCH_NANOS); // busy: let a batch gather
        continue;
      }
      idle = true;
      if (queue.isEmpty() && !closed) {
        LockSupport.park();
      }
      idle = false;
    }
  }

  /** Writes out every queued line, then flushes; false when there was none. */
  private synchronized boolean drain() {
    StringBuilder consoleLines = console == null ? null : new StringBuilder();
    long lost = dropped.getAndSet(0);
    boolean any = lost > 0;
    if (lost > 0) {
      write(
          format.timestamp(System.currentTimeMillis())
              + " - access log: "
              + lost
              + " line(s) dropped, the log could not keep up",
          consoleLines);
    }
    Entry e;
    while ((e = queue.poll()) != null) {
      queued.decrementAndGet();
      any = true;
      write(
          format.line(
              e.epochMillis(),
              e.caller(),
              e.target(),
              e.method(),
              e.path(),
              e.status(),
              e.millis()),
          consoleLines);
    }
    if (!any) {
      return false;
    }
    try {
      file.flush();
    } catch (IOException ex) {
      // the access log must never fail a request
    }
    if (consoleLines != null && !consoleLines.isEmpty()) {
      synchronized (console) {
        console.print(consoleLines);
        console.flush();
      }
    }
    return true;
  }

  private void write(String line, StringBuilder consoleLines) {
    try {
      file.write(line);
    } catch (IOException ex) {
      // the access log must never fail a request
    }
    if (consoleLines != null) {
      consoleLines.append(prefix).append(line, line.indexOf(' ') + 1, line.length()).append('\n');
    }
  }

  /** Writes every line recorded so far out. */
  public void flush() {
    drain();
  }

  @Override
  public void close() {
    closed = true;
    LockSupport.unpark(writer);
    try {
      writer.join(2_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
    file.close();
  }

  /** Formats lines as {@code <instant> <caller> -> <target> <method> <path> <status> <ms>ms}. */
  static final class LineFormat {
    private long second = Long.MIN_VALUE;
    private String secondPrefix;

    String line(
        long epochMillis,
        String caller,
        String target,
        String method,
        String path,
        int status,
        double millis) {
      StringBuilder b = new StringBuilder(96);
      appendTimestamp(b, epochMillis);
      b.append(' ').append(caller == null ? "-" : caller);
      b.append(" -> ").append(target).append(' ').append(method).append(' ').append(path);
      b.append(' ').append(status).append(' ');
      long tenths = Math.round(millis * 10);
      b.append(tenths / 10).append('.').append(tenths % 10).append("ms");
      return b.toString();
    }

    String timestamp(long epochMillis) {
      StringBuilder b = new StringBuilder(24);
      appendTimestamp(b, epochMillis);
      return b.toString();
    }

    /** ISO-8601 with milliseconds, UTC ({@code 2026-12-01T20:44:12.034Z}). */
    private void appendTimestamp(StringBuilder b, long epochMillis) {
      long sec = Math.floorDiv(epochMillis, 1000);
      if (sec != second) {
        String s = Instant.ofEpochSecond(sec).toString(); // ...T20:44:12Z
        secondPrefix = s.substring(0, s.length() - 1);
        second = sec;
      }
      int ms = (int) Math.floorMod(epochMillis, 1000);
      b.append(secondPrefix).append('.');
      if (ms < 100) {
        b.append('0');
      }
      if (ms < 10) {
        b.append('0');
      }
      b.append(ms).append('Z');
    }
  }
}
