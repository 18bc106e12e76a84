package com.zenith.functions.local.kube;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The bearer token of the engine's API: 32 random bytes, hex, generated once per state directory
 * and kept there (mode 0600) so a restart keeps the kubeconfig valid.
 */
public final class Token {
  /** The file, in the state directory. */
  public static final String FILE = "api-token";

  private final String value;

  private Token(String value) {
    this.value = value;
  }

  /** The token kept in {@code stateDir}, generated and written there on first use. */
  public static Token forStateDir(Path stateDir) throws IOException {
    Path f = stateDir.resolve(FILE);
    if (Files.exists(f)) {
      String v = Files.readString(f, StandardCharsets.UTF_8).trim();
      if (v.matches("[0-9a-f]{64}")) {
        return new Token(v);
      }
      // A damaged token file only invalidates old kubeconfigs: write a new one.
    }
    byte[] b = new byte[32];
    new SecureRandom().nextBytes(b);
    Token t = new Token(HexFormat.of().formatHex(b));
    writePrivate(f, t.value + "\n");
    return t;
  }

  /** A token with the given value (tests, or a token supplied by the caller). */
  public static Token of(String value) {
    return new Token(value);
  }

  /** The token itself (never log it). */
  public String value() {
    return value;
  }

  /** True when {@code presented} is this token; compares in constant time. */
  public boolean matches(String presented) {
    if (presented == null) {
      return false;
    }
    return MessageDigest.isEqual(
        value.getBytes(StandardCharsets.UTF_8), presented.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "Token[redacted]";
  }

  /** Writes {@code content} to {@code f} with mode 0600: temp file, then atomic rename. */
  static void writePrivate(Path f, String content) throws IOException {
    Path dir = f.toAbsolutePath().getParent();
    Files.createDirectories(dir);
    Path tmp = Files.createTempFile(dir, "." + f.getFileName(), ".tmp");
    try {
      if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
        Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
      }
      Files.writeString(tmp, content, StandardCharsets.UTF_8);
      try {
        Files.move(tmp, f, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(tmp, f, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(tmp);
    }
  }
}
