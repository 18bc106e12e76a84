package com.zenith.functions.local.engine;

import com.zenith.functions.local.session.SessionFile;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One engine per state directory, as one API server per cluster: an OS file lock that the kernel
 * releases when the engine dies, however it dies, so a crashed engine never blocks the next.
 */
final class EngineLock implements AutoCloseable {
  /** Another engine holds the state directory. */
  static final class HeldException extends IOException {
    HeldException(String message) {
      super(message);
    }
  }

  private final FileChannel channel;
  private final FileLock lock;

  private EngineLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /** Takes the lock of {@code stateDir}, or says where the engine that holds it is. */
  static EngineLock take(Path stateDir) throws IOException {
    Path file = stateDir.resolve("engine.lock");
    FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
    com.zenith.functions.local.process.OwnerOnly.file(file);
    FileLock l;
    try {
      l = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      l = null; // held by this JVM: another engine in the same process (tests)
    }
    if (l == null) {
      ch.close();
      var running = SessionFile.read(SessionFile.in(stateDir));
      String where =
          running
              .map(
                  s ->
                      " (pid "
                          + s.pid()
                          + ", gateway on 127.0.0.1:"
                          + s.port()
                          + ", Kubernetes API on 127.0.0.1:"
                          + s.apiPort()
                          + ")")
              .orElse("");
      throw new HeldException(
          "an engine already runs on the state directory "
              + stateDir
              + where
              + ". Apply to it with: kubectl --kubeconfig "
              + stateDir.resolve("kubeconfig")
              + " apply -f PATH (or zenith apply -f PATH). To run a second, independent engine,"
              + " give it its own state directory: ZENITH_STATE_DIR=DIR zenith dev ...");
    }
    return new EngineLock(ch, l);
  }

  @Override
  public void close() {
    try {
      lock.release();
      channel.close();
    } catch (IOException e) {
      // the kernel releases it with the process anyway
    }
  }
}
