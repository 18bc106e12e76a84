package com.zenith.functions.local.realize;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * An endless read of a growing log file, as {@code kubectl logs -f} follows a container: it yields
 * what is appended after {@code offset}, waits for more, and ends once the instance has stopped and
 * everything it wrote was read.
 */
final class LogFollower extends InputStream {
  private final RandomAccessFile file;
  private final BooleanSupplier alive;
  private volatile boolean closed;

  private LogFollower(RandomAccessFile file, BooleanSupplier alive) {
    this.file = file;
    this.alive = alive;
  }

  static InputStream from(Path path, long offset, BooleanSupplier alive) throws IOException {
    RandomAccessFile f = new RandomAccessFile(path.toFile(), "r");
    f.seek(offset);
    return new LogFollower(f, alive);
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
