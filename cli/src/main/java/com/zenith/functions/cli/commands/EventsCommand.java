package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.cli.ExitCodes;
import java.io.PrintWriter;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code zenith events}: send, watch and replay the events of the running zenith dev session. */
@Command(
    name = "events",
    mixinStandardHelpOptions = true,
    description = "Events of the running zenith dev session's broker.",
    subcommands = {
      EventsCommand.Send.class,
      EventsCommand.Tail.class,
      EventsCommand.DeadLetters.class,
      CommandLine.HelpCommand.class
    })
public final class EventsCommand implements Callable<Integer> {
  @Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() {
    spec.commandLine().usage(spec.commandLine().getErr());
    return ExitCodes.USAGE;
  }

  /** {@code zenith events send}. */
  @Command(
      name = "send",
      mixinStandardHelpOptions = true,
      description =
          "Publishes a CloudEvent (binary mode) to a broker of the session and prints its id.")
  static final class Send implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

    @Option(names = "--broker", required = true, description = "The broker's name.")
    String broker;

    @CommandLine.Mixin SessionClient.Namespace namespace = new SessionClient.Namespace();

    @Option(
        names = "--type",
        required = true,
        description = "The event type, e.g. com.example.transaction.created.")
    String type;

    @Option(names = "--source", required = true, description = "The event source, e.g. cli.")
    String source;

    @Option(names = "--id", description = "The event id (default: a new UUID).")
    String id;

    @CommandLine.ArgGroup(exclusive = true)
    Data data;

    static final class Data {
      @Option(names = "--data", paramLabel = "JSON", description = "The data, as JSON.")
      String json;

      @Option(
          names = "--data-file",
          paramLabel = "FILE",
          description = "A file holding the data, as JSON.")
      Path file;
    }

    @Option(
        names = "--attr",
        paramLabel = "KEY=VALUE",
        description = "An extension attribute (repeatable).")
    Map<String, String> attrs = new LinkedHashMap<>();

    @Override
    public Integer call() throws Exception {
      String eventId = id != null ? id : UUID.randomUUID().toString();
      String body = "";
      if (data != null) {
        body = data.json != null ? data.json : Files.readString(data.file);
        try {
          SessionClient.JSON.readTree(body); // refuse what is not JSON before sending it
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          spec.commandLine()
              .getErr()
              .println("zenith events send: the data is not valid JSON: " + e.getOriginalMessage());
          return ExitCodes.USAGE;
        }
      }
      HttpRequest.Builder req =
          HttpRequest.newBuilder()
              .header("ce-specversion", "1.0")
              .header("ce-id", eventId)
              .header("ce-source", source)
              .header("ce-type", type)
              .POST(HttpRequest.BodyPublishers.ofString(body));
      if (data != null) {
        req.header("content-type", "application/json");
      }
      attrs.forEach((k, v) -> req.header("ce-" + k, v));
      var res =
          SessionClient.send(
              spec, session, req, "/_zenith/broker/" + namespace.value + "/" + broker);
      if (res.isEmpty()) {
        return ExitCodes.INVALID;
      }
      PrintWriter out = spec.commandLine().getOut();
      if (res.get().statusCode() == 202) {
        out.println(eventId);
        return ExitCodes.OK;
      }
      spec.commandLine()
          .getErr()
          .println(
              "zenith events send: "
                  + SessionClient.JSON
                      .readTree(res.get().body())
                      .path("error")
                      .asText(res.get().body()));
      return ExitCodes.INVALID;
    }
  }

  /** {@code zenith events tail}. */
  @Command(
      name = "tail",
      mixinStandardHelpOptions = true,
      description =
          "Shows deliveries as they happen: id, type, subscriber, status, attempts, outcome.")
  static final class Tail implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

    @Option(names = "--once", description = "Print what has happened so far, then exit.")
    boolean once;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      out.printf(
          "%-24s %-36s %-32s %-20s %6s %8s  %s%n",
          "TIME", "ID", "TYPE", "SUBSCRIBER", "STATUS", "ATTEMPTS", "OUTCOME");
      long since = 0;
      while (true) {
        var res =
            SessionClient.send(
                spec,
                session,
                HttpRequest.newBuilder().GET(),
                "/_zenith/v1/events/deliveries?since=" + since);
        if (res.isEmpty()) {
          return ExitCodes.INVALID;
        }
        for (JsonNode r : SessionClient.JSON.readTree(res.get().body())) {
          since = Math.max(since, r.path("seq").asLong());
          int status = r.path("status").asInt();
          out.printf(
              "%-24s %-36s %-32s %-20s %6s %8d  %s%n",
              r.path("time").asText(),
              r.path("id").asText(),
              r.path("type").asText(),
              r.path("subscriber").asText(),
              status < 0 ? "-" : Integer.toString(status),
              r.path("attempts").asInt(),
              r.path("outcome").asText());
        }
        out.flush();
        if (once) {
          return ExitCodes.OK;
        }
        Thread.sleep(500);
      }
    }
  }

  /** {@code zenith events dead-letters}. */
  @Command(
      name = "dead-letters",
      mixinStandardHelpOptions = true,
      description = "Lists the events the broker gave up delivering; --replay sends them again.")
  static final class DeadLetters implements Callable<Integer> {
    @Spec CommandLine.Model.CommandSpec spec;

    @CommandLine.Mixin SessionClient.Options session = new SessionClient.Options();

    @Option(
        names = "--replay",
        description = "Send every dead letter again, with a fresh retry budget.")
    boolean replay;

    @Override
    public Integer call() throws Exception {
      PrintWriter out = spec.commandLine().getOut();
      if (replay) {
        var res =
            SessionClient.send(
                spec,
                session,
                HttpRequest.newBuilder().POST(HttpRequest.BodyPublishers.noBody()),
                "/_zenith/v1/events/dead-letters/replay");
        if (res.isEmpty()) {
          return ExitCodes.INVALID;
        }
        out.println(
            "replayed "
                + SessionClient.JSON.readTree(res.get().body()).path("replayed").asInt()
                + " events");
        return ExitCodes.OK;
      }
      var res =
          SessionClient.send(
              spec, session, HttpRequest.newBuilder().GET(), "/_zenith/v1/events/dead-letters");
      if (res.isEmpty()) {
        return ExitCodes.INVALID;
      }
      JsonNode all = SessionClient.JSON.readTree(res.get().body());
      out.printf(
          "%-24s %-20s %8s  %-40s %s%n", "TIME", "SUBSCRIBER", "ATTEMPTS", "REASON", "EVENT");
      for (JsonNode d : all) {
        out.printf(
            "%-24s %-20s %8d  %-40s %s%n",
            d.path("time").asText(),
            d.path("subscriber").asText(),
            d.path("attempts").asInt(),
            d.path("reason").asText(),
            d.path("event").asText());
      }
      out.println(all.size() + (all.size() == 1 ? " dead letter" : " dead letters"));
      return ExitCodes.OK;
    }
  }
}
