package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Validates manifest files offline, as the Kubernetes API server with strict field validation
 * would, plus the rules both engines need: loads YAML (multi-document files, several files,
 * directories), checks Functions against the generated CRD schema and its CEL rules, and keeps
 * Secrets, ConfigMaps and Brokers for later use.
 */
public final class ManifestValidator {
  private static final Set<String> MANIFEST_SUFFIXES = Set.of(".yaml", ".yml", ".json");
  private static final String BROKER_API = "eventing.knative.dev/v1";
  private static final String SOURCES_API = "sources.knative.dev/v1";

  private final JsonNode functionSchema;
  private final StructuralSchemaValidator schemaValidator;
  private final YamlDocumentReader reader = new YamlDocumentReader();
  private final ObjectMapper mapper =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  /** A validator using the CRD shipped in the API jar. */
  public ManifestValidator() {
    this(FunctionCrd.load().schema());
  }

  /** A validator using the given openAPIV3Schema of the Function CRD. */
  public ManifestValidator(JsonNode functionSchema) {
    this.functionSchema = functionSchema;
    this.schemaValidator = new StructuralSchemaValidator(new CelRules());
  }

  /**
   * Validates files and directories. A directory contributes its *.yaml, *.yml and *.json files;
   * with {@code recursive}, those of its subdirectories too.
   */
  public ValidationResult validatePaths(List<Path> paths, boolean recursive) {
    List<Diagnostic> diags = new ArrayList<>();
    List<NamedBytes> inputs = new ArrayList<>();
    for (Path p : paths) {
      collect(p, recursive, inputs, diags);
    }
    return validate(inputs, diags);
  }

  /** Validates one in-memory file, named {@code file} in diagnostics. */
  public ValidationResult validateBytes(String file, byte[] content) {
    return validate(List.of(new NamedBytes(file, content)), new ArrayList<>());
  }

  /** Reads standard input (or any stream) as one file named {@code file}. */
  public ValidationResult validateStream(String file, InputStream in) throws IOException {
    return validateBytes(file, in.readAllBytes());
  }

  private record NamedBytes(String name, byte[] bytes) {}

  private void collect(Path p, boolean recursive, List<NamedBytes> out, List<Diagnostic> diags) {
    String shown = p.toString();
    try {
      if (Files.isDirectory(p)) {
        List<Path> files;
        try (Stream<Path> s = recursive ? Files.walk(p) : Files.list(p)) {
          files =
              s.filter(Files::isRegularFile)
                  .filter(ManifestValidator::isManifestName)
                  .filter(f -> !isHidden(p.relativize(f)))
                  .sorted(Comparator.naturalOrder())
                  .toList();
        }
        if (files.isEmpty()) {
          diags.add(
              Diagnostic.error(
                  shown,
                  SourcePosition.START,
                  "",
                  "no manifest found: the directory has no .yaml, .yml or .json file"
                      + (recursive ? "" : " (use --recursive to look in subdirectories)")));
        }
        for (Path f : files) {
          readFile(f, out, diags);
        }
      } else {
        readFile(p, out, diags);
      }
    } catch (IOException e) {
      diags.add(Diagnostic.error(shown, SourcePosition.START, "", "cannot read: " + e));
    }
  }

  private void readFile(Path f, List<NamedBytes> out, List<Diagnostic> diags) {
    String shown = f.toString();
    try {
      long size = Files.size(f);
      if (size > YamlDocumentReader.MAX_FILE_BYTES) {
        diags.add(
            Diagnostic.error(
                shown,
                SourcePosition.START,
                "",
                "file is "
                    + size
                    + " bytes; zenith reads manifest files of at most "
                    + YamlDocumentReader.MAX_FILE_BYTES
                    + " bytes"));
        return;
      }
      out.add(new NamedBytes(shown, Files.readAllBytes(f)));
    } catch (NoSuchFileException e) {
      diags.add(Diagnostic.error(shown, SourcePosition.START, "", "no such file or directory"));
    } catch (IOException e) {
      diags.add(Diagnostic.error(shown, SourcePosition.START, "", "cannot read: " + e));
    }
  }

  private static boolean isManifestName(Path f) {
    String n = f.getFileName().toString().toLowerCase(java.util.Locale.ROOT);
    return MANIFEST_SUFFIXES.stream().anyMatch(n::endsWith);
  }

  private static boolean isHidden(Path relative) {
    for (Path part : relative) {
      String s = part.toString();
      if (s.startsWith(".") || s.equals("node_modules") || s.equals("target")) {
        return true;
      }
    }
    return false;
  }

  private ValidationResult validate(List<NamedBytes> inputs, List<Diagnostic> diags) {
    List<ValidationResult.ValidFunction> functions = new ArrayList<>();
    List<Secret> secrets = new ArrayList<>();
    List<ConfigMap> configMaps = new ArrayList<>();
    List<LoadedDocument> brokers = new ArrayList<>();
    List<LoadedDocument> pingSources = new ArrayList<>();
    int objects = 0;
    for (NamedBytes in : inputs) {
      YamlDocumentReader.Result read = reader.read(in.name(), in.bytes());
      diags.addAll(read.diagnostics());
      for (LoadedDocument doc : read.documents()) {
        objects++;
        var ctx = new StructuralSchemaValidator.Context(doc.file(), doc.sourceMap(), diags);
        if (doc.apiVersion().equals(SOURCES_API) && doc.kind().equals("PingSource")) {
          int before = ctx.diagnostics().size();
          ObjectMetaRules.checkOther(doc, ctx);
          PingSourceRules.check(doc, ctx);
          if (!hasErrorsSince(ctx, before)) {
            pingSources.add(doc);
          }
          continue;
        }
        classify(doc, ctx, functions, secrets, configMaps, brokers);
      }
    }
    List<ValidationResult.ValidFunction> kept = FunctionSemanticRules.checkAcross(functions, diags);
    return new ValidationResult(
        List.copyOf(kept),
        List.copyOf(secrets),
        List.copyOf(configMaps),
        List.copyOf(brokers),
        List.copyOf(pingSources),
        List.copyOf(diags),
        inputs.size(),
        objects);
  }

  private void classify(
      LoadedDocument doc,
      StructuralSchemaValidator.Context ctx,
      List<ValidationResult.ValidFunction> functions,
      List<Secret> secrets,
      List<ConfigMap> configMaps,
      List<LoadedDocument> brokers) {
    String apiVersion = doc.apiVersion();
    String kind = doc.kind();
    boolean ok = true;
    if (!doc.tree().path("apiVersion").isTextual() || apiVersion.isEmpty()) {
      ctx.error(doc.start(), FieldPath.of("apiVersion"), "Required value: apiVersion is required");
      ok = false;
    }
    if (!doc.tree().path("kind").isTextual() || kind.isEmpty()) {
      ctx.error(doc.start(), FieldPath.of("kind"), "Required value: kind is required");
      ok = false;
    }
    if (!ok) {
      return;
    }
    String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
    if (group.equals(Function.GROUP)) {
      if (!apiVersion.equals(Function.API_VERSION) || !kind.equals(Function.KIND)) {
        ctx.error(
            ctx.sourceMap()
                .valueAt(
                    FieldPath.of(apiVersion.equals(Function.API_VERSION) ? "kind" : "apiVersion")),
            FieldPath.of(apiVersion.equals(Function.API_VERSION) ? "kind" : "apiVersion"),
            "no matches for kind \""
                + kind
                + "\" in version \""
                + apiVersion
                + "\": "
                + Function.GROUP
                + " serves only kind Function in version "
                + Function.API_VERSION);
        return;
      }
      validateFunction(doc, ctx)
          .ifPresent(f -> functions.add(new ValidationResult.ValidFunction(f, doc)));
    } else if (apiVersion.equals("v1") && kind.equals("Secret")) {
      int before = ctx.diagnostics().size();
      SecretRules.check(doc, ctx);
      if (!hasErrorsSince(ctx, before)) {
        convertOther(doc, ctx, Secret.class).ifPresent(secrets::add);
      }
    } else if (apiVersion.equals("v1") && kind.equals("ConfigMap")) {
      convertOther(doc, ctx, ConfigMap.class).ifPresent(configMaps::add);
    } else if (apiVersion.equals(BROKER_API) && kind.equals("Broker")) {
      int before = ctx.diagnostics().size();
      ObjectMetaRules.checkOther(doc, ctx);
      if (ctx.diagnostics().subList(before, ctx.diagnostics().size()).stream()
          .noneMatch(Diagnostic::isError)) {
        brokers.add(doc);
      }
    } else {
      ctx.diagnostics()
          .add(
              Diagnostic.warning(
                  doc.file(),
                  doc.start(),
                  "",
                  kind
                      + " ("
                      + apiVersion
                      + ") "
                      + (doc.name().isEmpty() ? "" : doc.name() + " ")
                      + "is not used by zenith and is skipped; zenith reads Function, Secret,"
                      + " ConfigMap, Broker and PingSource objects"));
    }
  }

  private java.util.Optional<Function> validateFunction(
      LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    int before = ctx.diagnostics().size();
    ObjectNode tree = doc.tree();
    ObjectMetaRules.checkFunction(doc, ctx);
    for (String field : (Iterable<String>) () -> tree.fieldNames()) {
      if (!Set.of("apiVersion", "kind", "metadata", "spec", "status").contains(field)) {
        ctx.error(
            doc.sourceMap().keyAt(FieldPath.of(field)),
            FieldPath.of(field),
            "unknown field " + Diagnostic.quoted(field));
      }
    }
    JsonNode properties = functionSchema.path("properties");
    for (String part : new String[] {"spec", "status"}) {
      JsonNode value = tree.get(part);
      if (value != null && value.isNull()) {
        tree.remove(part);
      } else if (value != null) {
        schemaValidator.validate(properties.path(part), value, FieldPath.of(part), ctx);
      }
    }
    if (!tree.has("spec")) {
      ctx.error(
          doc.start(),
          FieldPath.of("spec"),
          "Required value: a Function needs a spec with gitRepo, build and deploy");
    }
    if (hasErrorsSince(ctx, before)) {
      return java.util.Optional.empty();
    }
    Function fn;
    try {
      fn = mapper.treeToValue(tree, Function.class);
    } catch (IOException | IllegalArgumentException e) {
      ctx.error(doc.start(), FieldPath.root(), "cannot read the Function: " + e.getMessage());
      return java.util.Optional.empty();
    }
    FunctionSemanticRules.check(fn, ctx);
    return hasErrorsSince(ctx, before) ? java.util.Optional.empty() : java.util.Optional.of(fn);
  }

  private <T> java.util.Optional<T> convertOther(
      LoadedDocument doc, StructuralSchemaValidator.Context ctx, Class<T> type) {
    int before = ctx.diagnostics().size();
    ObjectMetaRules.checkOther(doc, ctx);
    if (hasErrorsSince(ctx, before)) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(mapper.treeToValue(doc.tree(), type));
    } catch (IOException | IllegalArgumentException e) {
      ctx.error(
          doc.start(), FieldPath.root(), "cannot read the " + doc.kind() + ": " + e.getMessage());
      return java.util.Optional.empty();
    }
  }

  private static boolean hasErrorsSince(StructuralSchemaValidator.Context ctx, int before) {
    return ctx.diagnostics().subList(before, ctx.diagnostics().size()).stream()
        .anyMatch(Diagnostic::isError);
  }
}
