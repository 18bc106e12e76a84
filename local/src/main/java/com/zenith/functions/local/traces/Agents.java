package com.zenith.functions.local.traces;

import com.zenith.functions.api.conditions.FunctionMessages;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.InstrumentationLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The local twin of the OpenTelemetry operator's auto-instrumentation: the Java agent ({@code
 * io.opentelemetry.javaagent:opentelemetry-javaagent}, downloaded once from Maven Central over
 * HTTPS into the cache and checked against Central's SHA-256) and the Node.js auto-instrumentations
 * (npm {@code @opentelemetry/auto-instrumentations-node}, installed once into the cache). Other
 * languages cannot be instrumented here, and say why. Blocking: call it off event loops.
 */
public final class Agents {
  /** The Java agent's version. */
  public static final String JAVA_AGENT_VERSION = "2.33.1";

  /** The Node.js package's version (the newest that runs on Node 20). */
  public static final String NODE_PACKAGE_VERSION = "0.81.2";

  /** Maven Central. */
  public static final URI MAVEN_CENTRAL = URI.create("https://repo1.maven.org/maven2/");

  private static final String NODE_PACKAGE = "@opentelemetry/auto-instrumentations-node";

  /** What the process gets, or why not. */
  public sealed interface Outcome permits Attached, Unavailable {}

  /**
   * The agent is ready: {@code variable} gets {@code option} appended (JAVA_TOOL_OPTIONS or
   * NODE_OPTIONS).
   */
  public record Attached(String variable, String option, String description) implements Outcome {}

  /** No agent: a shared reason and a message for TracingReady. */
  public record Unavailable(String reason, String message) implements Outcome {}

  private final Path dir;
  private final URI repository;
  private final HttpClient http =
      HttpClient.newBuilder()
          .connectTimeout(Duration.ofSeconds(10))
          .followRedirects(HttpClient.Redirect.NORMAL)
          .build();

  /** Agents kept under {@code cacheDir}, the Java agent fetched from {@code repository}. */
  public Agents(Path cacheDir, URI repository) {
    this.dir = cacheDir;
    this.repository = repository;
  }

  /** Prepares the agent for {@code language} (downloading or installing it on first use). */
  public synchronized Outcome prepare(InstrumentationLanguage language) {
    return switch (language) {
      case JAVA -> java();
      case NODEJS -> node();
      case PYTHON ->
          unavailable(
              language,
              "its agent (opentelemetry-distro) comes from PyPI, which this engine does not"
                  + " install from");
      case GO ->
          unavailable(
              language,
              "Go is instrumented by an eBPF agent that the OpenTelemetry operator runs as a"
                  + " privileged sidecar; there is none on this machine");
      case DOTNET -> unavailable(language, "zenith dev does not run .NET functions");
    };
  }

  private static Outcome unavailable(InstrumentationLanguage language, String why) {
    return new Unavailable(
        Reasons.AUTO_INSTRUMENTATION_UNAVAILABLE,
        FunctionMessages.autoInstrumentationUnavailable(language.value(), why));
  }

  /** The Java agent's jar in the cache, fetched and verified on first use. */
  Path javaAgent() throws IOException, InterruptedException {
    String file = "opentelemetry-javaagent-" + JAVA_AGENT_VERSION + ".jar";
    Path jar = dir.resolve("otel").resolve(file);
    if (Files.isRegularFile(jar)) {
      return jar;
    }
    Files.createDirectories(jar.getParent());
    URI url =
        repository.resolve(
            "io/opentelemetry/javaagent/opentelemetry-javaagent/"
                + JAVA_AGENT_VERSION
                + "/"
                + file);
    String expected = fetchText(URI.create(url + ".sha256")).strip().split("\\s+")[0];
    Path tmp = Files.createTempFile(jar.getParent(), file, ".part");
    try {
      HttpResponse<InputStream> res =
          http.send(
              HttpRequest.newBuilder(url).timeout(Duration.ofMinutes(5)).build(),
              HttpResponse.BodyHandlers.ofInputStream());
      MessageDigest sha = sha256();
      try (InputStream in = new DigestInputStream(res.body(), sha)) {
        if (res.statusCode() != 200) {
          throw new IOException("GET " + url + " answered HTTP " + res.statusCode());
        }
        Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
      }
      String actual = HexFormat.of().formatHex(sha.digest());
      if (!actual.equalsIgnoreCase(expected)) {
        throw new IOException(
            "the download of " + url + " has SHA-256 " + actual + ", Central says " + expected);
      }
      Files.move(tmp, jar, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return jar;
    } finally {
      Files.deleteIfExists(tmp);
    }
  }

  private Outcome java() {
    try {
      Path jar = javaAgent();
      return new Attached(
          "JAVA_TOOL_OPTIONS",
          "-javaagent:" + jar,
          FunctionMessages.instrumentedLocally(
              "java", "the OpenTelemetry Java agent " + JAVA_AGENT_VERSION));
    } catch (IOException e) {
      return failed("java", "cannot fetch the OpenTelemetry Java agent: " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("java", "interrupted while fetching the OpenTelemetry Java agent");
    }
  }

  private Outcome node() {
    Path prefix = dir.resolve("otel-node-" + NODE_PACKAGE_VERSION);
    try {
      Path register = nodeRegister(prefix);
      if (register == null) {
        Files.createDirectories(prefix);
        Path log = prefix.resolve("npm-install.log");
        run(
            List.of(
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                prefix.toString(),
                NODE_PACKAGE + "@" + NODE_PACKAGE_VERSION),
            log);
        register = nodeRegister(prefix);
        if (register == null) {
          return failed(
              "nodejs", "npm installed " + NODE_PACKAGE + " but its register module is missing");
        }
      }
      return new Attached(
          "NODE_OPTIONS",
          "--require " + register,
          FunctionMessages.instrumentedLocally(
              "nodejs", NODE_PACKAGE + " " + NODE_PACKAGE_VERSION));
    } catch (IOException e) {
      return failed("nodejs", "cannot install " + NODE_PACKAGE + ": " + e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return failed("nodejs", "interrupted while installing " + NODE_PACKAGE);
    }
  }

  /** The register module as Node resolves it from the cache, or null when not installed. */
  private static Path nodeRegister(Path prefix) throws IOException, InterruptedException {
    Path pkg = prefix.resolve("node_modules").resolve(NODE_PACKAGE).resolve("package.json");
    if (!Files.isRegularFile(pkg)) {
      return null;
    }
    Path out = prefix.resolve("register.path");
    run(
        List.of(
            "node",
            "-e",
            "process.stdout.write(require.resolve('"
                + NODE_PACKAGE
                + "/register',{paths:[process.argv[1]]}))",
            prefix.toString()),
        out);
    Path register = Path.of(Files.readString(out).strip());
    return Files.isRegularFile(register) ? register : null;
  }

  private static void run(List<String> command, Path output)
      throws IOException, InterruptedException {
    Process p =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(output.toFile())
            .start();
    if (!p.waitFor(5, TimeUnit.MINUTES)) {
      p.destroyForcibly();
      throw new IOException(command.get(0) + " " + command.get(1) + " did not finish in 5 min");
    }
    if (p.exitValue() != 0) {
      throw new IOException(
          String.join(" ", command.subList(0, 2))
              + " exited with "
              + p.exitValue()
              + " (see "
              + output
              + ")");
    }
  }

  private String fetchText(URI url) throws IOException, InterruptedException {
    HttpResponse<String> res =
        http.send(
            HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    if (res.statusCode() != 200) {
      throw new IOException("GET " + url + " answered HTTP " + res.statusCode());
    }
    return res.body();
  }

  private static Outcome failed(String language, String detail) {
    return new Unavailable(
        Reasons.INSTRUMENTATION_FAILED,
        "Auto-instrumentation ("
            + language
            + ") could not be set up locally: "
            + detail
            + "; the function runs without an agent.");
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JDK", e);
    }
  }
}
