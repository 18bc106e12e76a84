package com.zenith.functions.api.naming;

import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.Visibility;

/**
 * Names and URLs derived from a Function, shared by both engines so that a child object or URL is
 * spelled the same everywhere.
 */
public final class FunctionNames {
  /** The namespace of a Function whose manifest names none. */
  public static final String DEFAULT_NAMESPACE = "default";

  /** The domain of external URLs in a cluster whose domain is not configured (Knative's). */
  public static final String DEFAULT_CLUSTER_DOMAIN = "example.com";

  /** The domain of external URLs under zenith dev. */
  public static final String LOCAL_DOMAIN = "localhost";

  /** Annotation naming a local source directory, relative to the manifest, for zenith dev. */
  public static final String LOCAL_SOURCE_ANNOTATION = "functions.zenith.com/local-source";

  /** Label put on every child object, naming its Function. */
  public static final String FUNCTION_LABEL = "functions.zenith.com/function";

  /** Label put on every child object, naming who manages it (as the original operator did). */
  public static final String MANAGED_BY_LABEL = "functions.zenith.com/managed-by";

  /** Value of {@link #MANAGED_BY_LABEL}. */
  public static final String MANAGED_BY = "zenith-operator";

  /** Knative's label that keeps a Service cluster-local. */
  public static final String VISIBILITY_LABEL = "networking.knative.dev/visibility";

  /** Host of Knative Eventing's broker ingress. */
  public static final String BROKER_INGRESS_HOST =
      "broker-ingress.knative-eventing.svc.cluster.local";

  /**
   * The longest Function name: Knative names the first revision {@code <name>-00001}, which must
   * fit in 63 characters. The CRD's root CEL rule and {@code zenith validate} both use it.
   */
  public static final int MAX_FUNCTION_NAME = 57;

  /** Why a longer name is refused, in the words of both the CRD rule and the validator. */
  public static final String NAME_TOO_LONG =
      "may not be more than "
          + MAX_FUNCTION_NAME
          + " characters, because Knative names revisions <name>-00001 within 63";

  private static final int MAX_LABEL_LENGTH = 63;

  private FunctionNames() {}

  /** The Function's namespace, or {@code default}. */
  public static String namespace(Function fn) {
    String ns = fn.getMetadata() == null ? null : fn.getMetadata().getNamespace();
    return ns == null || ns.isEmpty() ? DEFAULT_NAMESPACE : ns;
  }

  /** The ServiceAccount the build and the function run as: {@code <fn>-sa}. */
  public static String serviceAccount(String function) {
    return function + "-sa";
  }

  /** The Knative Service: the Function's own name, so its URL is predictable. */
  public static String knativeService(String function) {
    return function;
  }

  /** The Knative Trigger subscribing the function to its broker: {@code <fn>-trigger}. */
  public static String trigger(String function) {
    return function + "-trigger";
  }

  /**
   * The build (PipelineRun) for one build identity: {@code <fn>-build-<hash>}, shortened so that it
   * fits in a label value (Tekton labels TaskRuns with it).
   */
  public static String build(String function, BuildIdentity identity) {
    String suffix = "-build-" + identity.hash();
    int room = MAX_LABEL_LENGTH - suffix.length();
    String prefix = function.length() > room ? function.substring(0, room) : function;
    while (prefix.endsWith("-")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    return prefix + suffix;
  }

  /** The cluster-local host: {@code <fn>.<ns>.svc.cluster.local}. */
  public static String internalHost(String function, String namespace) {
    return function + "." + namespace + ".svc.cluster.local";
  }

  /** The cluster-local URL: {@code http://<fn>.<ns>.svc.cluster.local}. */
  public static String internalUrl(String function, String namespace) {
    return "http://" + internalHost(function, namespace);
  }

  /** The external host: {@code <fn>.<ns>.<domain>}. */
  public static String externalHost(String function, String namespace, String domain) {
    return function + "." + namespace + "." + domain;
  }

  /** The external URL: {@code http://<fn>.<ns>.<domain>}. */
  public static String externalUrl(String function, String namespace, String domain) {
    return "http://" + externalHost(function, namespace, domain);
  }

  /** The URL a Function is reached at, by its visibility, under the given external domain. */
  public static String url(Function fn, String domain) {
    String name = fn.getMetadata().getName();
    String ns = namespace(fn);
    return visibility(fn) == Visibility.EXTERNAL
        ? externalUrl(name, ns, domain)
        : internalUrl(name, ns);
  }

  /** The Function's visibility, {@code cluster-local} when unset. */
  public static Visibility visibility(Function fn) {
    var spec = fn.getSpec();
    if (spec == null || spec.deploy() == null || spec.deploy().visibility() == null) {
      return Visibility.CLUSTER_LOCAL;
    }
    return spec.deploy().visibility();
  }

  /**
   * The Function's request timeout in seconds: {@code spec.deploy.timeoutSeconds}, else Knative's
   * default (300).
   */
  public static int timeoutSeconds(Function fn) {
    var spec = fn.getSpec();
    if (spec == null || spec.deploy() == null || spec.deploy().timeoutSeconds() == null) {
      return DeploySpec.DEFAULT_TIMEOUT_SECONDS;
    }
    return spec.deploy().timeoutSeconds();
  }

  /**
   * Knative Eventing's ingress URL for a broker: {@code http://broker-ingress.../<ns>/<broker>}.
   */
  public static String brokerIngressUrl(String namespace, String broker) {
    return "http://" + BROKER_INGRESS_HOST + "/" + namespace + "/" + broker;
  }

  /**
   * The URL events for a broker are sent to: the address the Broker reports in {@code
   * status.address.url}, which is authoritative (another broker class has another ingress), else
   * the multi-tenant broker's ingress URL.
   */
  public static String brokerIngressUrl(String namespace, String broker, String statusAddress) {
    return statusAddress == null || statusAddress.isBlank()
        ? brokerIngressUrl(namespace, broker)
        : statusAddress;
  }

  /**
   * True when {@code host} (with or without a port) is the broker ingress, in any of the forms
   * cluster DNS resolves: {@code broker-ingress.knative-eventing[.svc[.cluster.local]]}.
   */
  public static boolean isBrokerIngressHost(String host) {
    if (host == null) {
      return false;
    }
    String h = host.toLowerCase(java.util.Locale.ROOT);
    int colon = h.indexOf(':');
    if (colon > 0) {
      h = h.substring(0, colon);
    }
    return h.equals(BROKER_INGRESS_HOST)
        || h.equals("broker-ingress.knative-eventing.svc")
        || h.equals("broker-ingress.knative-eventing");
  }

  /** The Dapr app ID: {@code spec.deploy.dapr.appID}, or the Function's name when empty. */
  public static String daprAppId(Function fn) {
    var deploy = fn.getSpec() == null ? null : fn.getSpec().deploy();
    var dapr = deploy == null ? null : deploy.dapr();
    return dapr == null || dapr.appID() == null || dapr.appID().isEmpty()
        ? fn.getMetadata().getName()
        : dapr.appID();
  }
}
