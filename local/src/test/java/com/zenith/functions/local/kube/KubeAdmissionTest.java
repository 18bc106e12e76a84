package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.zenith.functions.local.store.ResourceType;
import com.zenith.functions.local.store.StoreException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class KubeAdmissionTest {
  private final KubeAdmission admission = new KubeAdmission();

  @Test
  void aValidFunctionGetsTheSchemaDefaults() throws Exception {
    ObjectNode f =
        KubeTestSupport.json(
            "{'apiVersion':'functions.zenith.com/v1alpha1','kind':'Function','metadata':"
                + "{'name':'a','namespace':'default'},'spec':{'gitRepo':'https://github.com/o/a',"
                + "'build':{'image':'registry.example.com/a:1'},'deploy':{}},"
                + "'status':{'url':'kept as it is'}}");
    admission.admit(ResourceType.FUNCTION, f, null);
    assertThat(f.at("/spec/gitRevision").asText()).isEqualTo("main");
    assertThat(f.at("/spec/deploy/visibility").asText()).isEqualTo("cluster-local");
    assertThat(f.at("/status/url").asText()).isEqualTo("kept as it is");
  }

  @Test
  void anInvalidFunctionIsRefusedWithOneCausePerField() {
    ObjectNode f =
        KubeTestSupport.json(
            "{'apiVersion':'functions.zenith.com/v1alpha1','kind':'Function','metadata':"
                + "{'name':'a'},'spec':{'gitRepo':'https://github.com/o/a',"
                + "'build':{'image':'Bad Image'},'deploy':{'scale':{'minScale':3,'maxScale':1}},"
                + "'extra':1}}");
    assertThatThrownBy(() -> admission.admit(ResourceType.FUNCTION, f, null))
        .isInstanceOfSatisfying(
            StoreException.class,
            e -> {
              assertThat(e.code()).isEqualTo(422);
              assertThat(e.causes())
                  .extracting(StoreException.Cause::field)
                  .contains("spec.build.image", "spec.extra", "spec.deploy.scale");
            });
  }

  @Test
  void secretsGetStringDataFoldedATypeAndNoSecretInMessages() throws Exception {
    ObjectNode s =
        KubeTestSupport.json(
            "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s'},"
                + "'data':{'a':'YQ=='},'stringData':{'b':'plain'}}");
    admission.admit(ResourceType.SECRET, s, null);
    assertThat(s.at("/data/b").asText()).isEqualTo("cGxhaW4=");
    assertThat(s.has("stringData")).isFalse();
    assertThat(s.path("type").asText()).isEqualTo("Opaque");

    ObjectNode bad =
        KubeTestSupport.json(
            "{'apiVersion':'v1','kind':'Secret','metadata':{'name':'s'},'data':{'k':'hunter2!'}}");
    assertThatThrownBy(() -> admission.admit(ResourceType.SECRET, bad, null))
        .hasMessageContaining("data[k]")
        .hasMessageNotContaining("hunter2");
  }

  @Test
  void kubectlsProtobufBodiesAreRead() {
    // What kubectl 1.32 sent for: kubectl create configmap cfg --from-literal=a=b
    byte[] body =
        HexFormat.of()
            .parseHex(
                "6b3873000a0f0a027631120943"
                    + "6f6e6669674d6170121d0a130a036366671200"
                    + "1a0022002a00320038004200120"
                    + "60a01611201621a002200");
    ObjectNode o = ProtobufBody.decode(body);
    assertThat(o)
        .isEqualTo(
            KubeTestSupport.json(
                "{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'cfg'},'data':{'a':'b'}}"));
    assertThatThrownBy(() -> ProtobufBody.decode(java.util.Arrays.copyOf(body, 30)))
        .hasMessageContaining("truncated");
  }
}
