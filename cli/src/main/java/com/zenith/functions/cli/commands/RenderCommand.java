package com.zenith.functions.cli.commands;

import com.zenith.functions.api.naming.FunctionNames;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.validation.ManifestValidator;
import com.zenith.functions.api.validation.ValidationResult;
import com.zenith.functions.cli.ExitCodes;
import com.zenith.functions.cli.Style;
import com.zenith.functions.operator.OperatorConfig;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.resources.DesiredChildren;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code zenith render}: validates Function manifests, then prints what the operator would create
 * for each, built by the operator's own builders.
 */
@Command(
    name = "render",
    mixinStandardHelpOptions = true,
    description = {
      "Validates Function manifests as zenith validate does, then prints as multi-document YAML"
          + " exactly what the operator creates for each Function: ServiceAccount, PipelineRun,"
          + " Instrumentation (tracing with auto-instrumentation), Knative Service and Trigger"
          + " (eventing), built by the operator's own code.",
      "The operator's settings come from the same ZENITH_* variables the chart sets"
          + " (docs/operator.md); unset ones take the chart's defaults."
    },
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {
      "0:Every manifest is valid; the children are printed.",
      "1:Something is invalid (the problems go to standard error, nothing to standard output).",
      "2:Wrong usage."
    })
public final class RenderCommand implements Callable<Integer> {
  /** The digest a Service runs before its image is built: all zeros, never a real image. */
  static final String PLACEHOLDER_DIGEST = "sha256:" + "0".repeat(64);

  private static final Pattern DIGEST = Pattern.compile("sha256:[0-9a-f]{64}");

  private final Style style;

  @Spec CommandLine.Model.CommandSpec spec;

  @Parameters(
      arity = "1..*",
      paramLabel = "PATH",
      description = "Manifest files or directories (their .yaml, .yml and .json files).")
  List<Path> paths = new ArrayList<>();

  @Option(
      names = {"-R", "--recursive"},
      description = "Also read manifests in subdirectories of the directories given.")
  boolean recursive;

  @Option(
      names = "--digest",
      paramLabel = "sha256:HEX",
      converter = DigestConverter.class,
      description =
          "Digest of the built image the Knative Service runs (build.image@DIGEST); default: a"
              + " placeholder of zeros, as the real one is only known after the build.")
  String digest = PLACEHOLDER_DIGEST;

  /** A command printing with the given style. */
  public RenderCommand(Style style) {
    this.style = style;
  }

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    ValidationResult result = new ManifestValidator().validatePaths(paths, recursive);
    Diagnostics.print(result.diagnostics(), style, err);
    if (result.hasErrors()) {
      err.println(style.red(result.errors().size() + " error(s): nothing rendered"));
      return ExitCodes.INVALID;
    }
    ChildSettings settings = OperatorConfig.fromEnv(System.getenv()).children();
    KubernetesSerialization yaml = new KubernetesSerialization();
    StringBuilder doc = new StringBuilder();
    for (ValidationResult.ValidFunction f : result.functions()) {
      Function fn = asCreated(f.function());
      String id = FunctionNames.namespace(fn) + "/" + fn.getMetadata().getName();
      DesiredChildren children =
          DesiredChildren.of(fn, settings, fn.getSpec().build().image() + "@" + digest);
      if (!children.problems().isEmpty()) {
        for (String problem : children.problems()) {
          err.println(
              f.source().file()
                  + ":"
                  + f.source().start()
                  + ": "
                  + style.red("error")
                  + ": Function "
                  + id
                  + ": "
                  + problem);
        }
        return ExitCodes.INVALID;
      }
      doc.append("# Function ")
          .append(id)
          .append(" (")
          .append(f.source().file())
          .append(':')
          .append(f.source().start())
          .append(")\n");
      for (HasMetadata child : children.objects()) {
        String text = yaml.asYaml(child);
        doc.append(text.startsWith("---") ? text : "---\n" + text);
        if (!text.endsWith("\n")) {
          doc.append('\n');
        }
      }
    }
    out.print(doc);
    out.flush();
    return ExitCodes.OK;
  }

  /**
   * The Function as the API server stores it on create: generation 1 (the operator records it on
   * the build). It has no uid yet, so the owner references carry none.
   */
  private static Function asCreated(Function fn) {
    if (fn.getMetadata().getGeneration() == null) {
      fn.getMetadata().setGeneration(1L);
    }
    return fn;
  }

  /** Accepts only {@code sha256:} and 64 lowercase hex digits. */
  static final class DigestConverter implements CommandLine.ITypeConverter<String> {
    @Override
    public String convert(String value) {
      if (!DIGEST.matcher(value).matches()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not an image digest; expected sha256: and 64 hex digits");
      }
      return value;
    }
  }
}
