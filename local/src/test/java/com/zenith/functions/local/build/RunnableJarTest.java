package com.zenith.functions.local.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java start command runs the jar whose manifest has a Main-Class, whatever its name. */
class RunnableJarTest {
  @TempDir Path dir;

  private static RunnableJar.Candidate jar(String name, long size, boolean main) {
    return new RunnableJar.Candidate(name, size, main);
  }

  @Test
  void aShadeFinalNameDoesNotHideTheRunnableJar() {
    // <finalName>app</finalName> in the shade plugin: the plain jar sorts first by name.
    var chosen =
        RunnableJar.choose(
            List.of(jar("a-plain-1.0.jar", 4_000, false), jar("zz-app.jar", 9_000_000, true)));

    assertThat(chosen).contains("zz-app.jar");
  }

  @Test
  void theLargestRunnableJarWinsAndSideArtifactsNever() {
    var chosen =
        RunnableJar.choose(
            List.of(
                jar("fn-1.0.jar", 5_000, true),
                jar("fn-1.0-shaded.jar", 8_000_000, true),
                jar("fn-1.0-tests.jar", 9_000_000, true),
                jar("fn-1.0-sources.jar", 9_500_000, true)));

    assertThat(chosen).contains("fn-1.0-shaded.jar");
  }

  @Test
  void noJarWithAMainClassMeansNothingToRun() {
    assertThat(RunnableJar.choose(List.of(jar("lib.jar", 10, false)))).isEmpty();
    assertThat(RunnableJar.choose(List.of())).isEmpty();
  }

  @Test
  void theManifestIsReadFromRealJars() throws Exception {
    write(dir.resolve("a-library.jar"), null);
    write(dir.resolve("b-service.jar"), "com.example.Main");
    Files.writeString(dir.resolve("broken.jar"), "not a zip");

    var candidates = RunnableJar.candidates(dir);

    assertThat(candidates)
        .extracting(RunnableJar.Candidate::name, RunnableJar.Candidate::hasMainClass)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("a-library.jar", false),
            org.assertj.core.groups.Tuple.tuple("b-service.jar", true),
            org.assertj.core.groups.Tuple.tuple("broken.jar", false));
    assertThat(RunnableJar.choose(candidates)).contains("b-service.jar");
  }

  private static void write(Path jar, String mainClass) throws Exception {
    Manifest m = new Manifest();
    m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    if (mainClass != null) {
      m.getMainAttributes().put(Attributes.Name.MAIN_CLASS, mainClass);
    }
    try (OutputStream out = Files.newOutputStream(jar);
        JarOutputStream j = new JarOutputStream(out, m)) {
      j.putNextEntry(new ZipEntry("x.txt"));
      j.write(new byte[] {1});
      j.closeEntry();
    }
  }
}
