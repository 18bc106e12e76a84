package com.zenith.functions.local;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.local.engine.Engine;
import com.zenith.functions.local.status.FunctionView;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** --watch: a source change rebuilds that function and swaps it in; the others are untouched. */
class WatchDevSessionTest {
  @TempDir Path dir;

  private static String manifest(String name) {
    return TestManifests.function(name, "  deploy: {}\n---\n");
  }

  @Test
  void aChangedSourceIsRebuiltAndSwappedInWhileTheOthersKeepRunning() throws Exception {
    Toolchains.require("python3");
    for (String name : new String[] {"edited", "untouched"}) {
      Path src = Files.createDirectories(dir.resolve(name));
      Files.writeString(src.resolve("requirements.txt"), "");
      Files.writeString(src.resolve("main.py"), TestManifests.pythonServer(name + " v1"));
    }
    Files.writeString(dir.resolve("fns.yaml"), manifest("edited") + manifest("untouched"));
    ValidationResult r =
        new ManifestValidator().validatePaths(List.of(dir.resolve("fns.yaml")), false);
    DevOptions o = TestManifests.options(dir, Duration.ofSeconds(30), true, null, dir);
    HttpClient client = HttpClient.newBuilder().proxy(HttpClient.Builder.NO_PROXY).build();

    try (Engine s = new Engine(o)) {
      s.start();
      assertThat(s.awaitSettled(Duration.ofMinutes(1))).isTrue();
      int untouchedPort = port(s, "untouched");
      long untouchedPid = pidOn(untouchedPort);
      String url = "http://127.0.0.1:" + s.port() + "/_zenith/fn/default/edited/";
      assertThat(
              client
                  .send(
                      HttpRequest.newBuilder(URI.create(url)).build(),
                      HttpResponse.BodyHandlers.ofString())
                  .body())
          .isEqualTo("edited v1");

      Files.writeString(dir.resolve("edited/main.py"), TestManifests.pythonServer("edited v2"));

      String body = "";
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (System.nanoTime() < deadline && !body.equals("edited v2")) {
        Thread.sleep(200);
        body =
            client
                .send(
                    HttpRequest.newBuilder(URI.create(url)).build(),
                    HttpResponse.BodyHandlers.ofString())
                .body();
      }
      assertThat(body).isEqualTo("edited v2");
      assertThat(port(s, "untouched")).isEqualTo(untouchedPort);
      assertThat(pidOn(untouchedPort)).isEqualTo(untouchedPid);
      // The swap drains the old process before it stops it: that happens just after the switch.
      long stopBy = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (System.nanoTime() < stopBy && pythonProcesses() != 2) {
        Thread.sleep(50);
      }
      assertThat(pythonProcesses()).as("the old edited process is stopped").isEqualTo(2);
    }
  }

  private static long pythonProcesses() {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("main.py"))
        .count();
  }

  private static int port(Engine s, String name) {
    return s.views().stream()
        .filter(v -> v.name().equals(name))
        .mapToInt(FunctionView::port)
        .findFirst()
        .orElseThrow();
  }

  /** The pid of the process listening on a port, from the function processes this JVM started. */
  private static long pidOn(int port) {
    return ProcessHandle.current()
        .descendants()
        .filter(p -> p.info().commandLine().orElse("").contains("main.py"))
        .filter(
            p -> {
              try {
                return Files.readString(Path.of("/proc", Long.toString(p.pid()), "environ"))
                    .contains("PORT=" + port + "\0");
              } catch (Exception e) {
                return false;
              }
            })
        .mapToLong(ProcessHandle::pid)
        .findFirst()
        .orElse(-1);
  }
}
