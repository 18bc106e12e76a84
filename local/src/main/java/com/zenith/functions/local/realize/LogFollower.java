package com.zenith.functions.local.realize;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.function.BooleanSupplier;

/**
 * An endless read of a growing log file, as {@code kubectl logs -f} follows a container: it yields
 * what is appended after {@code offset}, waits for more, and ends once the instance has stopped and
 * everything it wrote was read. When the log is rotated (renamed, a new file started), it finishes
 * the old file and goes on with the new one, as kubelet's follower does.
 */
final class LogFollower extends InputStream {
  private final Path path;
  private final BooleanSupplier alive;
  private RandomAccessFile file;
  private Object key;
  private volatile boolean closed;

  private LogFollower(Path path, RandomAccessFile file, BooleanSupplier alive) {
    this.path = path;
    this.file = file;
    this.alive = alive;
    this.key = key(path);
  }

  static InputStream from(Path path, long offset, BooleanSupplier alive) throws IOException {
    RandomAccessFile f = new RandomAccessFile(path.toFile(), "r");
    f.seek(offset);
    return new LogFollower(path, f, alive);
  }

  private static Object key(Path p) {
    try {
      return Files.readAttributes(p, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** True when the path now names a new file (the old one was rotated away): reads that one. */
  private boolean reopened() throws IOException {
    Object now = key(path);
    if (now == null || now.equals(key)) {
      return false;
    }
    file.close();
    file = new RandomAccessFile(path.toFile(), "r");
    key = now;
    return true;
  }

  @Override
  public int read() throws IOException {
    byte[] one = new byte[1];
    int n = read(one, 0, 1);
    return n < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] b, int off, int len) throws IOException {
    while (!closed) {
      int n = file.read(b, off, len);
      if (n > 0) {
        return n;
      }
      if (reopened()) {
        continue;
      }
      if (!alive.getAsBoolean()) {
        n = file.read(b, off, len);
        return n > 0 ? n : -1;
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return -1;
      }
    }
    return -1;
  }

  @Override
  public void close() throws IOException {
    closed = true;
    file.close();
  }
}
