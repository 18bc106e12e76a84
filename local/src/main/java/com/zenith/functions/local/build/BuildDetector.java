package com.zenith.functions.local.build;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Detects how to build a source directory, in the order Cloud Native Buildpacks detect: Maven (its
 * wrapper first) or Gradle for Java, go.mod for Go, package.json for Node, requirements.txt or
 * pyproject.toml for Python; a Procfile {@code web:} line overrides the start command.
 */
public final class BuildDetector {
  private static final Pattern PROCFILE_WEB = Pattern.compile("(?m)^web:\\s*(.+)$");
  private static final Pattern JSON_START = Pattern.compile("\"start\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JSON_MAIN = Pattern.compile("\"main\"\\s*:\\s*\"([^\"]+)\"");
  private static final Pattern JSON_DEPS = Pattern.compile("\"(dependencies)\"\\s*:\\s*\\{\\s*\"");

  private final String javaHome;

  /** A detector whose Java commands use the JDK at {@code javaHome}. */
  public BuildDetector(String javaHome) {
    this.javaHome = javaHome;
  }

  /** The plan for {@code dir}, with build outputs under {@code outDir}. */
  public BuildPlan detect(Path dir, Path outDir) throws IOException {
    if (!Files.isDirectory(dir)) {
      throw new IOException("source directory " + dir + " does not exist");
    }
    Optional<String> procfile = procfileWeb(dir);
    String java = Path.of(javaHome, "bin", "java").toString();
    if (Files.exists(dir.resolve("pom.xml"))) {
      String mvn = Files.isExecutable(dir.resolve("mvnw")) ? "./mvnw" : "mvn";
      List<List<String>> steps = List.of(List.of(mvn, "-q", "-B", "-DskipTests", "package"));
      return new BuildPlan(
          "maven",
          dir,
          steps,
          procfile.map(BuildDetector::shell).orElse(List.of(java, "-jar", "{jar:target}")),
          null);
    }
    if (Files.exists(dir.resolve("build.gradle"))
        || Files.exists(dir.resolve("build.gradle.kts"))) {
      String gradle = Files.isExecutable(dir.resolve("gradlew")) ? "./gradlew" : "gradle";
      List<List<String>> steps = List.of(List.of(gradle, "-q", "build", "-x", "test"));
      return new BuildPlan(
          "gradle",
          dir,
          steps,
          procfile.map(BuildDetector::shell).orElse(List.of(java, "-jar", "{jar:build/libs}")),
          null);
    }
    if (Files.exists(dir.resolve("go.mod"))) {
      Path bin = outDir.resolve("app");
      List<List<String>> steps = List.of(List.of("go", "build", "-o", bin.toString(), "."));
      return new BuildPlan(
          "go",
          dir,
          steps,
          procfile.map(BuildDetector::shell).orElse(List.of(bin.toString())),
          bin);
    }
    if (Files.exists(dir.resolve("package.json"))) {
      String pkg = Files.readString(dir.resolve("package.json"));
      List<List<String>> steps = new ArrayList<>();
      if (JSON_DEPS.matcher(pkg).find()) {
        steps.add(List.of("npm", "install", "--no-audit", "--no-fund", "--omit=dev"));
      }
      List<String> run;
      if (procfile.isPresent()) {
        run = shell(procfile.get());
      } else {
        Matcher start = JSON_START.matcher(pkg);
        Matcher main = JSON_MAIN.matcher(pkg);
        if (start.find()) {
          run = shell(start.group(1));
        } else {
          run = List.of("node", main.find() ? main.group(1) : "index.js");
        }
      }
      return new BuildPlan("node", dir, steps, run, null);
    }
    boolean requirements = Files.exists(dir.resolve("requirements.txt"));
    if (requirements || Files.exists(dir.resolve("pyproject.toml"))) {
      Path venv = outDir.resolve("venv");
      List<List<String>> steps = new ArrayList<>();
      String python = "python3";
      boolean hasDeps = requirements ? hasRequirements(dir.resolve("requirements.txt")) : true;
      if (hasDeps) {
        steps.add(List.of("python3", "-m", "venv", venv.toString()));
        steps.add(
            requirements
                ? List.of(
                    venv.resolve("bin/pip").toString(), "install", "-q", "-r", "requirements.txt")
                : List.of(venv.resolve("bin/pip").toString(), "install", "-q", "."));
        python = venv.resolve("bin/python").toString();
      }
      List<String> run;
      if (procfile.isPresent()) {
        run = shell(procfile.get());
      } else {
        String entry =
            Stream.of("main.py", "app.py", "server.py")
                .filter(f -> Files.exists(dir.resolve(f)))
                .findFirst()
                .orElse(null);
        if (entry == null) {
          throw new IOException(
              "cannot tell how to start the Python function in "
                  + dir
                  + ": add a Procfile with a web: line, or a main.py");
        }
        run = List.of(python, "-u", entry);
      }
      return new BuildPlan("python", dir, steps, run, null);
    }
    if (procfile.isPresent()) {
      return new BuildPlan("procfile", dir, List.of(), shell(procfile.get()), null);
    }
    throw new IOException(
        "cannot tell how to build "
            + dir
            + ": expected pom.xml, build.gradle, go.mod, package.json, requirements.txt,"
            + " pyproject.toml or a Procfile with a web: line");
  }

  private static boolean hasRequirements(Path file) throws IOException {
    return Files.readAllLines(file).stream()
        .map(String::strip)
        .anyMatch(l -> !l.isEmpty() && !l.startsWith("#"));
  }

  private static Optional<String> procfileWeb(Path dir) throws IOException {
    Path procfile = dir.resolve("Procfile");
    if (!Files.exists(procfile)) {
      return Optional.empty();
    }
    Matcher m = PROCFILE_WEB.matcher(Files.readString(procfile));
    return m.find() ? Optional.of(m.group(1).strip()) : Optional.empty();
  }

  /** A shell command, exec'd so that the shell does not stay as a parent. */
  private static List<String> shell(String command) {
    return List.of("/bin/sh", "-c", "exec " + command);
  }
}
