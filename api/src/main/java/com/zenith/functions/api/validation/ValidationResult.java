package com.zenith.functions.api.validation;

import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Secret;
import java.util.List;

/**
 * What validating a set of manifests gave: the valid Functions (defaults applied, as the API server
 * stores them), the Secrets, ConfigMaps, Brokers and PingSources kept for the engines, and every
 * diagnostic.
 */
public record ValidationResult(
    List<ValidFunction> functions,
    List<Secret> secrets,
    List<ConfigMap> configMaps,
    List<LoadedDocument> brokers,
    List<LoadedDocument> pingSources,
    List<Diagnostic> diagnostics,
    int files,
    int objects) {

  /** A Function that passed validation, and the document it came from. */
  public record ValidFunction(Function function, LoadedDocument source) {}

  /** True when any diagnostic is an error. */
  public boolean hasErrors() {
    return diagnostics.stream().anyMatch(Diagnostic::isError);
  }

  /** The errors only. */
  public List<Diagnostic> errors() {
    return diagnostics.stream().filter(Diagnostic::isError).toList();
  }

  /** The warnings only. */
  public List<Diagnostic> warnings() {
    return diagnostics.stream().filter(d -> !d.isError()).toList();
  }
}
