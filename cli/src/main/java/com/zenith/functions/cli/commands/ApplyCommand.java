package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.Style;
import com.zenith.functions.local.files.ManifestObjects;
import com.zenith.functions.local.store.ResourceType;
import java.io.PrintWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code zenith apply -f PATH}: kubectl apply for the running engine, with zenith validate's
 * positioned errors first, and a relative local-source annotation resolved against the file.
 */
@Command(
    name = "apply",
    mixinStandardHelpOptions = true,
    description = {
      "Applies manifests to the running zenith dev engine (creates or replaces each object), as"
          + " kubectl apply does, after validating them as zenith validate does: nothing is applied"
          + " when a file has an error.",
      "A relative functions.zenith.com/local-source is resolved against the manifest's directory."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every object applied.",
      "1:Invalid manifests, no engine running, or the engine refused an object.",
      "2:Wrong usage."
    })
public final class ApplyCommand implements Callable<Integer> {
  private final Style style;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-f", "--filename"},
      required = true,
      paramLabel = "PATH",
      description = "A manifest file or directory (repeatable).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read manifests in subdirectories.")
  boolean recursive;

  /** A command printing with the given style. */
  public ApplyCommand(Style style) {
    this.style = style;
  }

  @Override
  public Integer call() throws Exception {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ValidationResult r = new ManifestValidator().validatePaths(paths, recursive);
    Diagnostics.print(r.diagnostics(), style, err);
    if (r.hasErrors()) {
      err.println(style.red("zenith apply: nothing was applied: fix the errors above first."));
      return ExitCodes.INVALID;
    }
    Optional<EngineApi> api = EngineApi.connect();
    if (api.isEmpty()) {
      err.println("zenith apply: no zenith dev engine is running (start one with zenith dev).");
      return ExitCodes.INVALID;
    }
    int failed = 0;
    for (ManifestObjects.Item item : ManifestObjects.of(r)) {
      if (!apply(api.get(), item.type(), item.object(), out, err)) {
        failed++;
      }
    }
    return failed == 0 ? ExitCodes.OK : ExitCodes.INVALID;
  }

  private boolean apply(
      EngineApi api, ResourceType type, ObjectNode obj, PrintWriter out, PrintWriter err)
      throws Exception {
    ObjectNode meta = (ObjectNode) obj.with("metadata");
    String ns = meta.path("namespace").asText("");
    if (ns.isEmpty()) {
      ns = "default";
      meta.put("namespace", ns);
    }
    String name = meta.path("name").asText();
    String collection =
        (type.group().isEmpty() ? "/api/" + type.version() : "/apis/" + type.apiVersion())
            + "/namespaces/"
            + ns
            + "/"
            + type.plural();
    String shown = type.plural() + (type.group().isEmpty() ? "" : "." + type.group()) + "/" + name;
    HttpResponse<String> existing = api.get(collection + "/" + name, false);
    HttpResponse<String> res;
    String verb;
    if (existing.statusCode() == 404) {
      res = api.send("POST", collection, obj.toString());
      verb = "created";
    } else {
      res = api.send("PUT", collection + "/" + name, obj.toString());
      verb = "configured";
    }
    if (res.statusCode() / 100 != 2) {
      err.println("zenith apply: " + shown + ": " + EngineApi.message(res));
      return false;
    }
    boolean changed =
        !verb.equals("configured")
            || !SessionClient.JSON
                .readTree(res.body())
                .path("metadata")
                .path("resourceVersion")
                .equals(
                    SessionClient.JSON
                        .readTree(existing.body())
                        .path("metadata")
                        .path("resourceVersion"));
    out.println(shown + " " + (changed ? verb : "unchanged"));
    return true;
  }
}
