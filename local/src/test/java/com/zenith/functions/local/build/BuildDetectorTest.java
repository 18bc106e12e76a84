package com.zenith.functions.local.build;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How a source directory is built and started, detected as Cloud Native Buildpacks do. */
class BuildDetectorTest {
  @TempDir Path src;
  @TempDir Path out;
  private final BuildDetector detector = new BuildDetector("/jdk");

  private BuildPlan detect(String... files) throws IOException {
    for (int i = 0; i < files.length; i += 2) {
      Files.writeString(src.resolve(files[i]), files[i + 1]);
    }
    return detector.detect(src, out);
  }

  @Test
  void mavenBuildsAPackageAndRunsItsJar() throws IOException {
    BuildPlan p = detect("pom.xml", "<project/>");

    assertThat(p.toolchain()).isEqualTo("maven");
    assertThat(p.steps()).containsExactly(List.of("mvn", "-q", "-B", "-DskipTests", "package"));
    assertThat(p.run()).containsExactly("/jdk/bin/java", "-jar", "{jar:target}");
  }

  @Test
  void goBuildsIntoTheCache() throws IOException {
    BuildPlan p = detect("go.mod", "module x\n");

    assertThat(p.toolchain()).isEqualTo("go");
    assertThat(p.steps())
        .containsExactly(List.of("go", "build", "-o", out.resolve("app").toString(), "."));
    assertThat(p.run()).containsExactly(out.resolve("app").toString());
  }

  @Test
  void nodeInstallsOnlyWhenThereAreDependenciesAndPrefersTheStartScript() throws IOException {
    BuildPlan plain = detect("package.json", "{\"name\":\"x\",\"main\":\"server.js\"}");
    assertThat(plain.steps()).isEmpty();
    assertThat(plain.run()).containsExactly("node", "server.js");

    BuildPlan withDeps =
        detect(
            "package.json",
            "{\"scripts\":{\"start\":\"node app.js\"},\"dependencies\":{\"express\":\"4\"}}");
    assertThat(withDeps.steps()).hasSize(1);
    assertThat(withDeps.steps().get(0)).startsWith("npm", "install");
    assertThat(withDeps.run()).containsExactly("/bin/sh", "-c", "exec node app.js");
  }

  @Test
  void pythonMakesAVenvOnlyForRealRequirements() throws IOException {
    BuildPlan none = detect("requirements.txt", "# nothing\n", "main.py", "print(1)\n");
    assertThat(none.steps()).isEmpty();
    assertThat(none.run()).containsExactly("python3", "-u", "main.py");

    BuildPlan some = detect("requirements.txt", "flask==3.0\n");
    assertThat(some.steps()).hasSize(2);
    assertThat(some.run().get(0)).isEqualTo(out.resolve("venv/bin/python").toString());
  }

  @Test
  void aProcfileWebLineOverridesTheStartCommand() throws IOException {
    BuildPlan p =
        detect(
            "pom.xml", "<project/>", "Procfile", "worker: no\nweb: java -cp target/x.jar Main\n");

    assertThat(p.toolchain()).isEqualTo("maven");
    assertThat(p.run()).containsExactly("/bin/sh", "-c", "exec java -cp target/x.jar Main");
  }

  @Test
  void anUnknownSourceSaysWhatWasExpected() {
    assertThatThrownBy(() -> detector.detect(src, out))
        .hasMessageContaining("cannot tell how to build")
        .hasMessageContaining("pom.xml, build.gradle, go.mod, package.json");
  }
}
