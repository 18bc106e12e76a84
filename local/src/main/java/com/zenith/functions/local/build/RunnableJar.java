package com.zenith.functions.local.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Which jar a Java build left to run with {@code java -jar}: one whose manifest names a {@code
 * Main-Class}. The name alone misleads: a shade {@code finalName} leaves the runnable jar next to
 * the plain one under any name. Among runnable jars the largest wins (the shaded one, with its
 * dependencies), then the name.
 */
final class RunnableJar {
  /** A jar in the build's output directory: its file name, size and whether it has a Main-Class. */
  record Candidate(String name, long size, boolean hasMainClass) {}

  private RunnableJar() {}

  /** The jar to run, or empty when none has a Main-Class. Pure. */
  static Optional<String> choose(List<Candidate> candidates) {
    return candidates.stream()
        .filter(Candidate::hasMainClass)
        .filter(c -> !isSideArtifact(c.name()))
        .sorted(Comparator.comparingLong(Candidate::size).reversed().thenComparing(Candidate::name))
        .map(Candidate::name)
        .findFirst();
  }

  private static boolean isSideArtifact(String n) {
    return n.endsWith("-sources.jar") || n.endsWith("-javadoc.jar") || n.endsWith("-tests.jar");
  }

  /** Reads the jars of {@code dir}; a file that is not a readable jar counts as not runnable. */
  static List<Candidate> candidates(Path dir) throws IOException {
    List<Candidate> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (Stream<Path> s = Files.list(dir)) {
      for (Path f : s.filter(p -> p.getFileName().toString().endsWith(".jar")).sorted().toList()) {
        out.add(new Candidate(f.getFileName().toString(), Files.size(f), hasMainClass(f)));
      }
    }
    return out;
  }

  private static boolean hasMainClass(Path jar) {
    try (JarFile j = new JarFile(jar.toFile())) {
      var manifest = j.getManifest();
      String main = manifest == null ? null : manifest.getMainAttributes().getValue("Main-Class");
      return main != null && !main.isBlank();
    } catch (IOException e) {
      return false;
    }
  }
}
