package com.zenith.functions.api.v1alpha1;

/** Regular expressions shared by the CRD schema and the validator (RE2 and Java compatible). */
public final class Patterns {
  private Patterns() {}

  /** A Kubernetes DNS-1123 subdomain: names of Secrets, ConfigMaps, Brokers. */
  public static final String DNS1123_SUBDOMAIN =
      "^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$";

  /** A DNS-1123 subdomain, or the empty string. */
  public static final String DNS1123_SUBDOMAIN_OR_EMPTY =
      "^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*)?$";

  /** A DNS-1035 label: the function name, which is also a Knative Service name. */
  public static final String DNS1035_LABEL = "^[a-z]([-a-z0-9]*[a-z0-9])?$";

  /** A Dapr app ID (a DNS-1123 label), or empty for the function's name. */
  public static final String DAPR_APP_ID = "^([a-z0-9]([-a-z0-9]*[a-z0-9])?)?$";

  /** Knative Trigger filter keys: CloudEvents attribute names. */
  public static final String CE_ATTRIBUTE = "^[a-z][a-z0-9]*$";

  /** A sampling ratio between 0 and 1. */
  public static final String SAMPLING_RATE = "^(0(\\.\\d+)?|1(\\.0+)?)$";

  /** A git URL: a URL with a scheme git understands, or scp-like user@host:path. */
  public static final String GIT_URL =
      "^((https?|ssh|git|file)://[^\\s]+|[A-Za-z0-9._-]+@[A-Za-z0-9.-]+:[^\\s]+)$";

  /** A git branch, tag or commit: no spaces, no control characters, none of ~^:?*[\\. */
  public static final String GIT_REVISION = "^[^\\s~^:?*\\[\\\\]+$";

  /**
   * A plausible image reference: [registry[:port]/]path[:tag][@sha256:digest], as the distribution
   * reference grammar, with lowercase repository paths.
   */
  public static final String IMAGE_REFERENCE =
      "^(([a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?(\\.[a-zA-Z0-9]([-a-zA-Z0-9]*[a-zA-Z0-9])?)*"
          + "(:[0-9]+)?|\\[[0-9a-fA-F:]+\\](:[0-9]+)?)/)?"
          + "[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*(/[a-z0-9]+(([._]|__|-+)[a-z0-9]+)*)*"
          + "(:[A-Za-z0-9_][A-Za-z0-9_.-]{0,127})?(@sha256:[a-f0-9]{64})?$";

  /** An environment variable name, as Kubernetes accepted it before 1.34. */
  public static final String ENV_VAR_NAME = "^[-._a-zA-Z][-._a-zA-Z0-9]*$";

  /** An envFrom prefix: empty or the start of a valid variable name. */
  public static final String ENV_VAR_PREFIX = "^([-._a-zA-Z][-._a-zA-Z0-9]*)?$";

  /** A Secret or ConfigMap data key. */
  public static final String CONFIG_KEY = "^[-._a-zA-Z0-9]+$";
}
