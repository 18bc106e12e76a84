package com.zenith.functions.local.session;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;

/** Where a running zenith dev engine tells other zenith commands how to reach it. */
public final class SessionFile {
  /** What is written: the engine's process, gateway port and Kubernetes API port. */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Session(long pid, int port, int apiPort, String startedAt, String logs) {}

  private static final ObjectMapper JSON = new ObjectMapper();

  private SessionFile() {}

  /** The file in a state directory. */
  public static Path in(Path stateDir) {
    return stateDir.resolve("session.json");
  }

  /** Writes atomically, readable by its owner only. */
  public static void write(Path file, Session session) throws IOException {
    Files.createDirectories(file.getParent());
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    JSON.writeValue(tmp.toFile(), session);
    try {
      Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system
    }
    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  /** The session, if the file exists and its process is alive. */
  public static Optional<Session> read(Path file) {
    try {
      if (!Files.exists(file)) {
        return Optional.empty();
      }
      Session s = JSON.readValue(file.toFile(), Session.class);
      return ProcessHandle.of(s.pid()).filter(ProcessHandle::isAlive).map(p -> s);
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Removes the file if it still names this process. */
  public static void remove(Path file) {
    try {
      Optional<Session> s =
          Optional.ofNullable(
              Files.exists(file) ? JSON.readValue(file.toFile(), Session.class) : null);
      if (s.isPresent() && s.get().pid() == ProcessHandle.current().pid()) {
        Files.deleteIfExists(file);
      }
    } catch (IOException e) {
      // best effort: a stale file names a dead process and is ignored by read()
    }
  }
}
