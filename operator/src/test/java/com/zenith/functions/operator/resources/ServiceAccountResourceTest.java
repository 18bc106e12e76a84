package com.zenith.functions.operator.resources;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.ObjectReferenceBuilder;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import org.junit.jupiter.api.Test;

class ServiceAccountResourceTest {

  private static ServiceAccount desired(String gitAuth, String registry) {
    return ServiceAccountResource.desired(
        ResourceFixtures.fn(
            null,
            gitAuth,
            new BuildSpec("registry.example.com/team/hello:latest", registry),
            new DeploySpec(null, null, null, null, null),
            null,
            null));
  }

  @Test
  void gitAndRegistrySecretsGoWhereTektonAndTheKubeletLook() {
    ServiceAccount sa = desired("github-auth", "registry-auth");
    assertThat(sa.getMetadata().getName()).isEqualTo("hello-sa");
    assertThat(sa.getSecrets())
        .extracting(r -> r.getName())
        .containsExactly("github-auth", "registry-auth");
    assertThat(sa.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("registry-auth");
  }

  @Test
  void overlayRemovesOurStaleSecretsAndKeepsOthers() {
    ServiceAccount observed = desired("github-auth", "registry-v1");
    observed.getSecrets().add(new ObjectReferenceBuilder().withName("token-by-kubernetes").build());
    observed.getImagePullSecrets().add(new LocalObjectReference("added-by-admin"));

    ServiceAccount next = ServiceAccountResource.overlay(observed, desired(null, "registry-v2"));

    assertThat(next.getSecrets())
        .extracting(r -> r.getName())
        .containsExactly("token-by-kubernetes", "registry-v2");
    assertThat(next.getImagePullSecrets())
        .extracting(r -> r.getName())
        .containsExactly("added-by-admin", "registry-v2");
  }

  @Test
  void overlayOfAnUpToDateAccountChangesNothing() {
    ServiceAccount observed = desired("github-auth", "registry-auth");
    assertThat(ServiceAccountResource.overlay(observed, desired("github-auth", "registry-auth")))
        .isEqualTo(observed);
  }
}
