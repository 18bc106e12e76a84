package com.zenith.functions.cli.commands;

import com.zenith.functions.cli.ExitCodes;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  @picocli.CommandLine.Mixin SessionClient.Namespace namespace = new SessionClient.Namespace();

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

  @picocli.CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

  @Option(
      names = {"-i", "--include"},
      description = "Print the status line first.")
  boolean include;

  @Override
  public Integer call() throws Exception {
    String m =
        method != null ? method.toUpperCase(java.util.Locale.ROOT) : data != null ? "POST" : "GET";
    String target = path.startsWith("/") ? path : "/" + path;
    HttpRequest.Builder req =
        HttpRequest.newBuilder()
            .method(
                m,
                data == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(data));
    if (data != null) {
      req.header("Content-Type", "application/json");
    }
    Optional<HttpResponse<String>> sent =
        SessionClient.send(
            spec, session, req, "/_zenith/fn/" + namespace.value + "/" + name + target);
    if (sent.isEmpty()) {
      return ExitCodes.INVALID;
    }
    HttpResponse<String> res = sent.get();
    var out = spec.commandLine().getOut();
    if (include) {
      out.println("HTTP " + res.statusCode());
    }
    out.println(res.body());
    return res.statusCode() / 100 == 2 ? ExitCodes.OK : ExitCodes.INVALID;
  }
}
