package com.zenith.functions.operator;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import org.junit.jupiter.api.Test;

class MetadataOnlyStoreTest {

  @Test
  void secretsAreKeptWithoutTheirData() {
    var store = MetadataOnlyStore.secrets();
    Secret s =
        new SecretBuilder()
            .withNewMetadata()
            .withName("db")
            .withNamespace("team")
            .addToAnnotations("kubectl.kubernetes.io/last-applied-configuration", "{\"data\":1}")
            .addToAnnotations("owner", "ops")
            .endMetadata()
            .addToData("password", "c2VjcmV0")
            .addToStringData("token", "plain")
            .build();
    store.put(store.getKey(s), s);

    Secret kept = store.get("team/db");
    assertThat(kept.getData()).isNullOrEmpty();
    assertThat(kept.getStringData()).isNullOrEmpty();
    assertThat(kept.getMetadata().getAnnotations()).containsOnlyKeys("owner");
  }

  @Test
  void configMapsAreKeptWithoutTheirData() {
    var store = MetadataOnlyStore.configMaps();
    var cm =
        new ConfigMapBuilder()
            .withNewMetadata()
            .withName("app")
            .withNamespace("team")
            .endMetadata()
            .addToData("k", "v")
            .addToBinaryData("b", "AA==")
            .build();
    store.put(store.getKey(cm), cm);
    assertThat(store.get("team/app").getData()).isNullOrEmpty();
    assertThat(store.get("team/app").getBinaryData()).isNullOrEmpty();
  }
}
