package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.ZenithDirs;
import com.zenith.functions.local.session.SessionFile;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.status.StatusTable;
import java.io.PrintWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zenith get}: the functions of the running zenith dev session. */
@Command(
    name = "get",
    mixinStandardHelpOptions = true,
    description = "Shows the functions of the running zenith dev session: NAME READY REASON URL.")
public final class GetCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--port",
      paramLabel = "N",
      description = "The session's gateway port (default: from the session file).")
  Integer port;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default) or json.")
  String output = "table";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<Integer> p = SessionPort.find(port);
    if (p.isEmpty()) {
      spec.commandLine()
          .getErr()
          .println(
              "zenith get: no zenith dev session is running (start one with zenith dev PATH).");
      return ExitCodes.INVALID;
    }
    HttpClient client =
        HttpClient.newBuilder()
            .proxy(HttpClient.Builder.NO_PROXY)
            .connectTimeout(Duration.ofSeconds(2))
            .build();
    HttpResponse<String> res;
    try {
      res =
          client.send(
              HttpRequest.newBuilder(
                      URI.create("http://127.0.0.1:" + p.get() + "/_zenith/v1/functions"))
                  .timeout(Duration.ofSeconds(5))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
    } catch (java.net.ConnectException e) {
      spec.commandLine()
          .getErr()
          .println("zenith get: no zenith dev session answers on port " + p.get() + ".");
      return ExitCodes.INVALID;
    }
    if (output.equals("json")) {
      out.println(res.body());
      return ExitCodes.OK;
    }
    JsonNode json = new ObjectMapper().readTree(res.body());
    List<FunctionView> views = new ArrayList<>();
    for (JsonNode f : json.path("functions")) {
      views.add(new ObjectMapper().treeToValue(f, FunctionView.class));
    }
    out.print(StatusTable.render(views));
    return ExitCodes.OK;
  }

  /** Finds the session's gateway port. */
  static final class SessionPort {
    private SessionPort() {}

    static Optional<Integer> find(Integer explicit) {
      if (explicit != null) {
        return Optional.of(explicit);
      }
      return SessionFile.read(SessionFile.in(ZenithDirs.state(System.getenv())))
          .map(SessionFile.Session::port);
    }
  }
}
