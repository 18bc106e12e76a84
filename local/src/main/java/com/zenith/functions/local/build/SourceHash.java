package com.zenith.functions.local.build;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/** A content hash of a source tree, skipping build outputs and tool caches. */
public final class SourceHash {
  /** Directories that hold outputs, not sources. */
  public static final Set<String> SKIPPED =
      Set.of(
          ".git",
          "target",
          "build",
          "node_modules",
          ".venv",
          "venv",
          "__pycache__",
          ".zenith",
          ".gradle",
          ".idea",
          ".mvn-cache");

  private SourceHash() {}

  /** SHA-256 over each file's relative path and content, plus {@code salt}. */
  public static String of(Path dir, String salt) throws IOException {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    md.update(salt.getBytes(StandardCharsets.UTF_8));
    List<Path> files;
    try (Stream<Path> s = Files.walk(dir)) {
      files =
          s.filter(Files::isRegularFile).filter(f -> !skipped(dir.relativize(f))).sorted().toList();
    }
    byte[] buf = new byte[8192];
    for (Path f : files) {
      md.update(dir.relativize(f).toString().getBytes(StandardCharsets.UTF_8));
      md.update((byte) 0);
      try (InputStream in = Files.newInputStream(f)) {
        int n;
        while ((n = in.read(buf)) > 0) {
          md.update(buf, 0, n);
        }
      }
      md.update((byte) 0);
    }
    return HexFormat.of().formatHex(md.digest());
  }

  /** True when a path lies in a skipped directory. */
  public static boolean skipped(Path relative) {
    for (Path part : relative) {
      if (SKIPPED.contains(part.toString())) {
        return true;
      }
    }
    return false;
  }
}
