package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.status.FunctionView;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a function cannot build or start. */
class DevSessionFailuresTest {
  @TempDir Path dir;
  @TempDir Path cache;
  @TempDir Path state;

  private Engine session(Path manifests, ByteArrayOutputStream out) {
    ValidationResult r = new ManifestValidator().validatePaths(List.of(manifests), false);
    assertThat(r.hasErrors()).as(r.diagnostics().toString()).isFalse();
    return new Engine(
        PolyglotDevSessionTest.options(
            cache, state, new PrintStream(out, true, StandardCharsets.UTF_8), manifests));
  }

  @Test
  void aBuildFailureIsReportedAsBuildFailedWithTheLogTail() throws Exception {
    Toolchains.require("go");
    Path src = Files.createDirectories(dir.resolve("broken"));
    Files.writeString(src.resolve("go.mod"), "module broken\n\ngo 1.19\n");
    Files.writeString(src.resolve("main.go"), "package main\n\nfunc main() { this is not go }\n");
    Files.writeString(
        dir.resolve("broken.yaml"), TestManifests.function("broken", "  deploy: {}\n"));
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    try (Engine s = session(dir.resolve("broken.yaml"), out)) {
      s.start();
      assertThat(s.awaitSettled(Duration.ofMinutes(2))).isFalse();
      FunctionView v = s.views().get(0);
      assertThat(v.ready()).isEqualTo("False");
      assertThat(v.reason()).isEqualTo("BuildFailed");
      assertThat(v.message()).contains("broken-build.log").contains("main.go:3");
      assertThat(out.toString(StandardCharsets.UTF_8)).contains("build failed; last lines of");
    }
  }

  @Test
  void aMissingSecretGivesSecretNotFoundAndNothingStarts() throws Exception {
    Path src = Files.createDirectories(dir.resolve("needs-secret"));
    Files.writeString(src.resolve("Procfile"), "web: sleep 60\n");
    Files.writeString(
        dir.resolve("needs-secret.yaml"),
        TestManifests.function(
            "needs-secret",
            "  deploy:\n    env:\n      - name: API_KEY\n        valueFrom:\n          secretKeyRef:\n            name: api-credentials\n            key: key\n"));

    try (Engine s = session(dir.resolve("needs-secret.yaml"), new ByteArrayOutputStream())) {
      s.start();
      s.awaitSettled(Duration.ofSeconds(30));
      FunctionView v = s.views().get(0);
      assertThat(v.reason()).isEqualTo("SecretNotFound");
      assertThat(v.message()).contains("Secret api-credentials was not found in namespace default");
      assertThat(
              ProcessHandle.current()
                  .descendants()
                  .filter(p -> p.info().commandLine().orElse("").contains("sleep 60"))
                  .toList())
          .isEmpty();
    }
  }

  @Test
  void aProcessThatNeverListensIsNotReadyAndSaysWhy() throws Exception {
    Path src = Files.createDirectories(dir.resolve("deaf"));
    Files.writeString(src.resolve("Procfile"), "web: sleep 30\n");
    Files.writeString(dir.resolve("deaf.yaml"), TestManifests.function("deaf", "  deploy: {}\n"));
    ValidationResult r =
        new ManifestValidator().validatePaths(List.of(dir.resolve("deaf.yaml")), false);
    DevOptions o = TestManifests.options(dir, Duration.ofSeconds(2), false, null, dir);

    try (Engine s = new Engine(o)) {
      s.start();
      s.awaitSettled(Duration.ofSeconds(20));
      FunctionView v = s.views().get(0);
      assertThat(v.reason()).isEqualTo("ServiceNotReady");
      assertThat(v.message()).contains("does it listen on $PORT?");
    }
    assertThat(ProcessHandle.current().descendants().filter(ProcessHandle::isAlive).toList())
        .isEmpty();
  }
}
