package com.zenith.functions.cli.commands;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.validation.Diagnostic;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.Style;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code zenith validate}: checks manifests offline, as the API server would. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Checks Function manifests offline against the Function CRD (schema and CEL rules) and the"
          + " rules both engines need, and reports every problem with file, line:column and field.",
      "Secret, ConfigMap and Broker objects are accepted; other kinds are skipped with a warning."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every manifest is valid (warnings allowed).",
      "1:Something is invalid.",
      "2:Wrong usage."
    })
public final class ValidateCommand implements Callable<Integer> {
  private final Style style;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description =
          "Manifest files or directories (their .yaml, .yml and .json files); - reads standard input.")
  List<String> paths = new ArrayList<>();

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read manifests in subdirectories of the directories given.")
  boolean recursive;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FORMAT",
      description = "text (default) or json.")
  Format output = Format.text;

  @Option(
      names = {"-q", "--quiet"},
      description = "Print only problems, not the valid Functions nor the summary.")
  boolean quiet;

  /** Output formats. */
  enum Format {
    text,
    json
  }

  /** A command printing with the given style. */
  public ValidateCommand(Style style) {
    this.style = style;
  }

  @Override
  public Integer call() throws IOException {
    ManifestValidator validator = new ManifestValidator();
    List<Path> files = new ArrayList<>();
    ValidationResult stdin = null;
    for (String p : paths) {
      if (p.equals("-")) {
        stdin = validator.validateStream("<stdin>", System.in);
      } else {
        files.add(Path.of(p));
      }
    }
    ValidationResult result = validator.validatePaths(files, recursive);
    if (stdin != null) {
      result = merge(result, stdin);
    }
    PrintWriter out = spec.commandLine().getOut();
    if (output == Format.json) {
      printJson(result, out);
    } else {
      printText(result, out);
    }
    out.flush();
    return result.hasErrors() ? ExitCodes.INVALID : ExitCodes.OK;
  }

  private static ValidationResult merge(ValidationResult a, ValidationResult b) {
    List<Diagnostic> diags = new ArrayList<>(a.diagnostics());
    diags.addAll(b.diagnostics());
    List<ValidationResult.ValidFunction> fns = new ArrayList<>(a.functions());
    fns.addAll(b.functions());
    return new ValidationResult(
        fns,
        a.secrets(),
        a.configMaps(),
        a.brokers(),
        a.pingSources(),
        diags,
        a.files() + b.files(),
        a.objects() + b.objects());
  }

  private void printText(ValidationResult result, PrintWriter out) {
    Diagnostics.print(result.diagnostics(), style, out);
    if (quiet) {
      return;
    }
    for (ValidationResult.ValidFunction f : result.functions()) {
      var fn = f.function();
      out.println(
          style.green("valid")
              + "  Function "
              + FunctionNames.namespace(fn)
              + "/"
              + fn.getMetadata().getName()
              + "  "
              + f.source().file()
              + ":"
              + f.source().start());
    }
    long errors = result.errors().size();
    long warnings = result.warnings().size();
    String summary =
        result.files()
            + plural(result.files(), " file", " files")
            + ", "
            + result.objects()
            + plural(result.objects(), " object", " objects")
            + ": "
            + result.functions().size()
            + plural(result.functions().size(), " valid Function", " valid Functions")
            + ", "
            + errors
            + plural(errors, " error", " errors")
            + ", "
            + warnings
            + plural(warnings, " warning", " warnings");
    out.println(errors > 0 ? style.red(summary) : style.green(summary));
  }

  private static String plural(long n, String one, String many) {
    return n == 1 ? one : many;
  }

  private static void printJson(ValidationResult result, PrintWriter out) throws IOException {
    ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    ObjectNode root = json.createObjectNode();
    root.put("valid", !result.hasErrors());
    root.put("files", result.files());
    root.put("objects", result.objects());
    ArrayNode fns = root.putArray("functions");
    for (ValidationResult.ValidFunction f : result.functions()) {
      fns.addObject()
          .put("namespace", FunctionNames.namespace(f.function()))
          .put("name", f.function().getMetadata().getName())
          .put("file", f.source().file())
          .put("line", f.source().start().line());
    }
    ArrayNode diags = root.putArray("diagnostics");
    for (Diagnostic d : result.diagnostics()) {
      diags
          .addObject()
          .put("severity", d.severity().name().toLowerCase(java.util.Locale.ROOT))
          .put("file", d.file())
          .put("line", d.position().line())
          .put("column", d.position().column())
          .put("field", d.field())
          .put("message", d.message());
    }
    out.println(json.writeValueAsString(root));
  }
}
