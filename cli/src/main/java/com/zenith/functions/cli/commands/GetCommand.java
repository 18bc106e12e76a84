package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.local.status.FunctionView;
import com.zenith.functions.local.status.StatusTable;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

  @picocli.CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "table (default) or json.")
  String output = "table";

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    Optional<HttpResponse<String>> sent =
        SessionClient.send(spec, session, HttpRequest.newBuilder().GET(), "/_zenith/v1/functions");
    if (sent.isEmpty()) {
      return ExitCodes.INVALID;
    }
    HttpResponse<String> res = sent.get();
    if (output.equals("json")) {
      out.println(res.body());
      return ExitCodes.OK;
    }
    JsonNode json = SessionClient.JSON.readTree(res.body());
    List<FunctionView> views = new ArrayList<>();
    for (JsonNode f : json.path("functions")) {
      views.add(SessionClient.JSON.treeToValue(f, FunctionView.class));
    }
    out.print(StatusTable.render(views));
    return ExitCodes.OK;
  }
}
