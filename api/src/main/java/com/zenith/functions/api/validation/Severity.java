package com.zenith.functions.api.validation;

/** How bad a diagnostic is: errors stop a manifest from being used, warnings do not. */
public enum Severity {
  /** The object would be rejected. */
  ERROR,
  /** The object is used, but something deserves attention. */
  WARNING
}
