package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceAccountBuilder;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class EquivalenceTest {

  @Test
  void nullAndEmptyListsAreTheSameOnTheWire() {
    ServiceAccount a =
        new ServiceAccountBuilder().withNewMetadata().withName("x").endMetadata().build();
    ServiceAccount b =
        new ServiceAccountBuilder().withNewMetadata().withName("x").endMetadata().build();
    a.setSecrets(null);
    b.setSecrets(new ArrayList<>());
    assertThat(a).isNotEqualTo(b); // what fabric8's equals says, and why Equivalence exists
    assertThat(Equivalence.same(a, b)).isTrue();
  }

  @Test
  void mapOrderDoesNotMatterButValuesDo() {
    Map<String, String> one = new LinkedHashMap<>();
    one.put("a", "1");
    one.put("b", "2");
    Map<String, String> two = new TreeMap<>(Map.of("b", "2", "a", "1"));
    ServiceAccount a =
        new ServiceAccountBuilder().withNewMetadata().withLabels(one).endMetadata().build();
    ServiceAccount b =
        new ServiceAccountBuilder().withNewMetadata().withLabels(two).endMetadata().build();
    assertThat(Equivalence.same(a, b)).isTrue();
    b.getMetadata().getLabels().put("a", "changed");
    assertThat(Equivalence.same(a, b)).isFalse();
  }
}
