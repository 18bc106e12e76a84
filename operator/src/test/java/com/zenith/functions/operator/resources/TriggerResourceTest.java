package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.EventingSpec;
import com.zenith.functions.api.v1alpha1.Function;
import io.fabric8.knative.duck.v1.DeliverySpec;
import io.fabric8.knative.eventing.v1.Trigger;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TriggerResourceTest {

  private static Function fn(String broker, Map<String, String> filters) {
    return ResourceFixtures.fn(
        null,
        null,
        new BuildSpec("registry.example.com/team/hello:latest", null),
        new DeploySpec(null, null, null, null, null),
        new EventingSpec(broker, filters),
        null);
  }

  @Test
  void subscribesTheServiceToTheBrokerWithFilters() {
    Trigger t = TriggerResource.desired(fn("default", Map.of("type", "order.created")));
    assertThat(t.getMetadata().getName()).isEqualTo("hello-trigger");
    assertThat(t.getSpec().getBroker()).isEqualTo("default");
    assertThat(t.getSpec().getFilter().getAttributes())
        .containsExactly(Map.entry("type", "order.created"));
    assertThat(t.getSpec().getSubscriber().getRef().getName()).isEqualTo("hello");
    assertThat(t.getSpec().getSubscriber().getRef().getNamespace()).isEqualTo("team");
  }

  @Test
  void emptyBrokerMeansNoTrigger() {
    assertThat(TriggerResource.wanted(fn("", null))).isFalse();
    assertThat(TriggerResource.wanted(fn("default", null))).isTrue();
  }

  @Test
  void brokerChangeNeedsRecreationOtherChangesKeepDelivery() {
    Trigger observed = TriggerResource.desired(fn("a", Map.of("type", "v1")));
    observed.getSpec().setDelivery(new DeliverySpec());
    assertThat(TriggerResource.needsRecreate(observed, TriggerResource.desired(fn("b", null))))
        .isTrue();

    Trigger next =
        TriggerResource.overlay(observed, TriggerResource.desired(fn("a", Map.of("type", "v2"))));
    assertThat(next.getSpec().getFilter().getAttributes()).containsExactly(Map.entry("type", "v2"));
    assertThat(next.getSpec().getDelivery()).isNotNull();
  }
}
