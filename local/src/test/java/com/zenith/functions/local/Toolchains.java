package com.zenith.functions.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Checks that a build tool is on PATH. Under CI (CI=true) a missing tool fails the test, because
 * .ci/run installs them; on a developer's machine the test is skipped with the reason.
 */
final class Toolchains {
  private Toolchains() {}

  static void require(String... tools) {
    for (String tool : tools) {
      boolean found = false;
      for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
        if (Files.isExecutable(Path.of(dir, tool))) {
          found = true;
          break;
        }
      }
      if ("true".equals(System.getenv("CI")) && !found) {
        throw new AssertionError(tool + " is not on PATH, and .ci/run should have installed it");
      }
      assumeTrue(found, tool + " is not on PATH: install it to run this test");
    }
  }
}
