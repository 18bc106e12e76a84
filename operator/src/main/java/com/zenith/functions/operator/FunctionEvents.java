package com.zenith.functions.operator;

import com.zenith.functions.api.conditions.ConditionStatus;
import com.zenith.functions.api.v1alpha1.Condition;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Records a Kubernetes Event on a Function when its Ready condition changes status or reason. */
final class FunctionEvents {

  private static final Logger LOG = LoggerFactory.getLogger(FunctionEvents.class);

  /** The component named as the source of events. */
  static final String COMPONENT = "zenith-operator";

  private final KubernetesClient client;

  FunctionEvents(KubernetesClient client) {
    this.client = client;
  }

  void transition(Function fn, Condition ready) {
    String now = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
    String ns = fn.getMetadata().getNamespace();
    var event =
        new EventBuilder()
            .withNewMetadata()
            .withName(
                fn.getMetadata().getName()
                    + "."
                    + Long.toHexString(System.nanoTime()).toLowerCase(Locale.ROOT))
            .withNamespace(ns)
            .endMetadata()
            .withNewInvolvedObject()
            .withApiVersion(Function.API_VERSION)
            .withKind(Function.KIND)
            .withName(fn.getMetadata().getName())
            .withNamespace(ns)
            .withUid(fn.getMetadata().getUid())
            .withResourceVersion(fn.getMetadata().getResourceVersion())
            .endInvolvedObject()
            .withType(ConditionStatus.FALSE.equals(ready.status()) ? "Warning" : "Normal")
            .withReason(ready.reason())
            .withMessage(ready.message())
            .withFirstTimestamp(now)
            .withLastTimestamp(now)
            .withCount(1)
            .withNewSource()
            .withComponent(COMPONENT)
            .endSource()
            .build();
    try {
      client.v1().events().inNamespace(ns).resource(event).create();
    } catch (KubernetesClientException e) {
      // Events are best effort: the status already carries the same information.
      LOG.warn(
          "event not recorded function={}/{} reason={}",
          ns,
          fn.getMetadata().getName(),
          ready.reason(),
          e);
    }
  }
}
