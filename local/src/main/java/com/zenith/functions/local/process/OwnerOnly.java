package com.zenith.functions.local.process;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The engine's state (store, token, logs, process records) is its owner's only: files 0600,
 * directories 0700, on file systems that have POSIX modes.
 */
public final class OwnerOnly {
  private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> DIR = PosixFilePermissions.fromString("rwx------");
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  private OwnerOnly() {}

  /** Creates {@code dir} and its missing parents 0700, and makes {@code dir} itself 0700. */
  public static void directories(Path dir) throws IOException {
    if (dir == null) {
      return;
    }
    if (!Files.isDirectory(dir)) {
      directories(dir.getParent());
      try {
        Files.createDirectory(dir, attributes(DIR));
      } catch (FileAlreadyExistsException e) {
        // created meanwhile
      }
    }
    if (POSIX) {
      Files.setPosixFilePermissions(dir, DIR); // left by an older version, or made by a umask
    }
  }

  /** Makes an existing file 0600. */
  public static void file(Path file) throws IOException {
    if (POSIX) {
      Files.setPosixFilePermissions(file, FILE);
    }
  }

  /** The attribute that creates a file 0600 (none without POSIX modes). */
  public static FileAttribute<?>[] fileAttributes() {
    return attributes(FILE);
  }

  private static FileAttribute<?>[] attributes(Set<PosixFilePermission> perms) {
    return POSIX
        ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(perms)}
        : new FileAttribute<?>[0];
  }
}
