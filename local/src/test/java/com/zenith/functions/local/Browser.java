package com.zenith.functions.local;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A real headless Chromium (Debian's package) driven by playwright-core from npm, installed into
 * {@code target/playwright} on first use. Commands go to a Node script (test resource
 * dashboard/driver.cjs) one JSON line at a time; assertions stay in the Java test. Without node,
 * npm or Chromium the test is skipped with the reason, and fails under CI (.ci/run installs them).
 */
final class Browser implements AutoCloseable {
  /** The playwright-core version installed; it drives the system Chromium, it downloads none. */
  static final String PLAYWRIGHT_CORE = "playwright-core@1.65.1";

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Path DIR = Path.of("target", "playwright").toAbsolutePath();

  /** Where each view's screenshot goes (a CI artifact, never committed). */
  static final Path SCREENSHOTS = Path.of("target", "dashboard-screenshots").toAbsolutePath();

  private final Process process;
  private final OutputStream in;
  private final BlockingQueue<String> answers = new LinkedBlockingQueue<>();

  private Browser(Process process) {
    this.process = process;
    this.in = process.getOutputStream();
    Thread.ofVirtual()
        .name("browser-answers")
        .start(
            () -> {
              try (BufferedReader r =
                  new BufferedReader(
                      new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = r.readLine()) != null; ) {
                  answers.add(line);
                }
              } catch (IOException e) {
                // the driver is gone; the next command says so
              }
              answers.add("{\"ok\":false,\"error\":\"the browser driver exited\"}");
            });
  }

  /** Starts Chromium with a fresh profile under {@code work}. */
  static Browser start(Path work) throws IOException, InterruptedException {
    Toolchains.require("node", "npm");
    String chromium = chromium();
    Files.createDirectories(DIR);
    if (!Files.exists(DIR.resolve("node_modules/playwright-core/package.json"))) {
      Process npm =
          new ProcessBuilder(
                  "npm",
                  "install",
                  "--no-save",
                  "--no-audit",
                  "--no-fund",
                  "--loglevel=error",
                  "--prefix",
                  DIR.toString(),
                  PLAYWRIGHT_CORE)
              .redirectErrorStream(true)
              .redirectOutput(DIR.resolve("npm-install.log").toFile())
              .start();
      boolean done = npm.waitFor(5, TimeUnit.MINUTES);
      boolean ok = done && npm.exitValue() == 0;
      String why =
          "npm install "
              + PLAYWRIGHT_CORE
              + " failed: "
              + Files.readString(DIR.resolve("npm-install.log"));
      if (!ok && "true".equals(System.getenv("CI"))) {
        throw new AssertionError(why);
      }
      assumeTrue(ok, why);
    }
    try (InputStream driver = Browser.class.getResourceAsStream("/dashboard/driver.cjs")) {
      Files.copy(driver, DIR.resolve("driver.cjs"), StandardCopyOption.REPLACE_EXISTING);
    }
    Path profile = Files.createTempDirectory(work, "chromium-profile");
    ProcessBuilder pb =
        new ProcessBuilder("node", "driver.cjs")
            .directory(DIR.toFile())
            .redirectError(DIR.resolve("driver-stderr.log").toFile());
    pb.environment().put("CHROMIUM", chromium);
    pb.environment().put("PROFILE", profile.toString());
    Files.createDirectories(SCREENSHOTS);
    return new Browser(pb.start());
  }

  private static String chromium() {
    String configured = System.getenv("CHROMIUM");
    for (String c :
        configured != null
            ? List.of(configured)
            : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser")) {
      if (Files.isExecutable(Path.of(c))) {
        return c;
      }
    }
    Toolchains.require("chromium"); // skips, or fails under CI
    return "chromium";
  }

  /** Sends one command and returns its value; a failed command throws with the driver's error. */
  JsonNode send(ObjectNode command) throws IOException, InterruptedException {
    in.write((command.toString() + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    String line = answers.poll(3, TimeUnit.MINUTES);
    if (line == null) {
      throw new AssertionError("the browser did not answer " + command + " within 3 minutes");
    }
    JsonNode answer = JSON.readTree(line);
    if (!answer.path("ok").asBoolean()) {
      throw new AssertionError(
          command.path("cmd").asText() + " failed: " + answer.path("error").asText());
    }
    return answer.path("value");
  }

  private static ObjectNode cmd(String name) {
    return JSON.createObjectNode().put("cmd", name);
  }

  /** Opens a URL; returns {status, url} (the URL after redirects). */
  JsonNode open(String url) throws IOException, InterruptedException {
    return send(cmd("goto").put("url", url));
  }

  /** Waits until an element matching {@code selector} contains {@code text}; returns its text. */
  String waitFor(String selector, String text, long timeoutMs)
      throws IOException, InterruptedException {
    ObjectNode c = cmd("waitFor").put("selector", selector).put("timeout", timeoutMs);
    if (text != null) {
      c.put("text", text);
    }
    return send(c).asText();
  }

  void click(String selector) throws IOException, InterruptedException {
    send(cmd("click").put("selector", selector));
  }

  void fill(String selector, String value) throws IOException, InterruptedException {
    send(cmd("fill").put("selector", selector).put("value", value));
  }

  /** The text of every element matching {@code selector}. */
  List<String> texts(String selector) throws IOException, InterruptedException {
    return JSON.convertValue(
        send(cmd("text").put("selector", selector)),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  /** How many matching elements are displayed. */
  int visible(String selector) throws IOException, InterruptedException {
    return send(cmd("visibleCount").put("selector", selector)).asInt();
  }

  /** Saves a screenshot of the page as {@code target/dashboard-screenshots/<name>.png}. */
  Path screenshot(String name) throws IOException, InterruptedException {
    Path p = SCREENSHOTS.resolve(name + ".png");
    send(cmd("screenshot").put("path", p.toString()).put("fullPage", true));
    return p;
  }

  /** The browser's cookies, as Playwright reports them (name, value, httpOnly, sameSite...). */
  JsonNode cookies() throws IOException, InterruptedException {
    return send(cmd("cookies"));
  }

  /** Uncaught errors and console errors the page produced so far. */
  List<String> errors() throws IOException, InterruptedException {
    return JSON.convertValue(
        send(cmd("errors")),
        JSON.getTypeFactory().constructCollectionType(List.class, String.class));
  }

  @Override
  public void close() throws InterruptedException {
    try {
      send(cmd("close"));
    } catch (IOException | AssertionError e) {
      // already gone
    }
    if (!process.waitFor(20, TimeUnit.SECONDS)) {
      process.descendants().forEach(ProcessHandle::destroyForcibly);
      process.destroyForcibly();
    }
  }
}
