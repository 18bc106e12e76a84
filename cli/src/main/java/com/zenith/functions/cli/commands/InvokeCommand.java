package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ExitCodes;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zenith invoke}: calls a function of the running session through its gateway. */
@Command(
    name = "invoke",
    mixinStandardHelpOptions = true,
    description =
        "Calls a function of the running zenith dev session by name, through the gateway, and prints the response body.",
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:The function answered 2xx.",
      "1:It answered otherwise, or no session runs.",
      "2:Wrong usage."
    })
public final class InvokeCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(index = "0", paramLabel = "NAME", description = "The function's name.")
  String name;

  @Option(
      names = {"-n", "--namespace"},
      defaultValue = "default",
      description = "Its namespace (default: ${DEFAULT-VALUE}).")
  String namespace;

  @Option(
      names = "--path",
      defaultValue = "/",
      description = "Request path (default: ${DEFAULT-VALUE}).")
  String path;

  @Option(
      names = "--data",
      paramLabel = "JSON",
      description = "A JSON body: the request is a POST.")
  String data;

  @Option(
      names = {"-X", "--method"},
      description = "HTTP method (default: POST with --data, else GET).")
  String method;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The session's gateway port (default: from the session file).")
  Integer port;

  @Option(
      names = {"-i", "--include"},
      description = "Print the status line first.")
  boolean include;

  @Override
  public Integer call() throws Exception {
    Optional<Integer> p = GetCommand.SessionPort.find(port);
    if (p.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "zenith invoke: no zenith dev session is running (start one with zenith dev PATH).");
      return ExitCodes.INVALID;
    }
    String m =
        method != null ? method.toUpperCase(java.util.Locale.ROOT) : data != null ? "POST" : "GET";
    String target = path.startsWith("/") ? path : "/" + path;
    HttpRequest.Builder req =
        HttpRequest.newBuilder(
                URI.create(
                    "http://127.0.0.1:"
                        + p.get()
                        + "/_zenith/fn/"
                        + namespace
                        + "/"
                        + name
                        + target))
            .timeout(Duration.ofSeconds(60))
            .method(
                m,
                data == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(data));
    if (data != null) {
      req.header("Content-Type", "application/json");
    }
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpResponse<String> res;
    try {
      res = client.send(req.build(), HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      spec.commandLine()
          .getErr()
          .println("zenith invoke: no zenith dev session answers on port " + p.get() + ".");
      return ExitCodes.INVALID;
    }
    var out = spec.commandLine().getOut();
    if (include) {
      out.println("HTTP " + res.statusCode());
    }
    out.println(res.body());
    return res.statusCode() / 100 == 2 ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
