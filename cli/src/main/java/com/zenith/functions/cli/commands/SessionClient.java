package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ZenithDirs;
import com.zenith.functions.local.session.SessionFile;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Option;

/**
 * Talks to the gateway of the running zenith dev session (found through the session file, or
 * --port), and tells the user plainly when there is none.
 */
final class SessionClient {
  private static final HttpClient HTTP =
      HttpClient.newBuilder()
          .proxy(HttpClient.Builder.NO_PROXY)
          .connectTimeout(Duration.ofSeconds(2))
          .build();

  /** One JSON mapper for the session's answers. */
  static final com.fasterxml.jackson.databind.ObjectMapper JSON =
      new com.fasterxml.jackson.databind.ObjectMapper();

  /** The --namespace option of commands that name a function or broker. */
  static final class Namespace {
    @Option(
        names = {"-n", "--namespace"},
        defaultValue = "default",
        description = "Its namespace (default: ${DEFAULT-VALUE}).")
    String value;
  }

  /** The --port option every session command takes. */
  static final class Options {
    @Option(
        names = "--port",
        paramLabel = "N",
        description = "The session's gateway port (default: from the session file).")
    Integer port;
  }

  private SessionClient() {}

  /** The engine's token, from its state directory (empty when there is none). */
  static String token() {
    try {
      return java.nio.file.Files.readString(
              ZenithDirs.state(System.getenv()).resolve(com.zenith.functions.local.kube.Token.FILE))
          .strip();
    } catch (java.io.IOException e) {
      return "";
    }
  }

  /** The session's gateway port, if a session runs (or --port was given). */
  static Optional<Integer> port(Options options) {
    if (options.port != null) {
      return Optional.of(options.port);
    }
    return SessionFile.read(SessionFile.in(ZenithDirs.state(System.getenv())))
        .map(SessionFile.Session::port);
  }

  /**
   * Sends {@code req} to {@code path} on the gateway; empty (with a message on standard error) when
   * no session runs or answers.
   */
  static Optional<HttpResponse<String>> send(
      CommandLine.Model.CommandSpec spec, Options options, HttpRequest.Builder req, String path)
      throws Exception {
    String command = spec.qualifiedName();
    Optional<Integer> p = port(options);
    if (p.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              command + ": no zenith dev session is running (start one with zenith dev PATH).");
      return Optional.empty();
    }
    try {
      return Optional.of(
          HTTP.send(
              req.uri(URI.create("http://127.0.0.1:" + p.get() + path))
                  .header("Authorization", "Bearer " + token())
                  .timeout(Duration.ofSeconds(60))
                  .build(),
              HttpResponse.BodyHandlers.ofString()));
    } catch (ConnectException e) {
      spec.commandLine()
          .getErr()
          .println(command + ": no zenith dev session answers on port " + p.get() + ".");
      return Optional.empty();
    }
  }
}
