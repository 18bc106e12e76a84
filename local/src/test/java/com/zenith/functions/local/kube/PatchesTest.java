package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class PatchesTest {
  static final JsonNode DOC =
      KubeTestSupport.json("{'a':{'b':1,'c':[1,2]},'d':'x','e':{'f':true}}");

  @Test
  void aMergePatchMergesObjectsReplacesListsAndNullRemoves() {
    JsonNode p = KubeTestSupport.json("{'a':{'b':2,'c':[3]},'d':null,'g':{'h':1}}");
    assertThat(Patches.merge(DOC, p))
        .isEqualTo(KubeTestSupport.json("{'a':{'b':2,'c':[3]},'e':{'f':true},'g':{'h':1}}"));
    assertThat(DOC.get("d").asText()).isEqualTo("x"); // the input is untouched
  }

  @Test
  void aJsonPatchAppliesEachOperation() throws Exception {
    JsonNode ops =
        KubeTestSupport.tree(
            "[{'op':'test','path':'/d','value':'x'},{'op':'replace','path':'/a/b','value':5},"
                + "{'op':'add','path':'/a/c/-','value':3},{'op':'add','path':'/a/c/0','value':0},"
                + "{'op':'remove','path':'/e'},{'op':'copy','from':'/d','path':'/k~1l'},"
                + "{'op':'move','from':'/d','path':'/m'}]");
    assertThat(Patches.jsonPatch(DOC, ops))
        .isEqualTo(KubeTestSupport.json("{'a':{'b':5,'c':[0,1,2,3]},'k/l':'x','m':'x'}"));
  }

  @Test
  void aJsonPatchThatCannotApplyIsRefused() {
    assertThatThrownBy(
            () ->
                Patches.jsonPatch(
                    DOC, KubeTestSupport.tree("[{'op':'test','path':'/d','value':'y'}]")))
        .hasMessageContaining("test operation failed");
    assertThatThrownBy(
            () ->
                Patches.jsonPatch(
                    DOC, KubeTestSupport.tree("[{'op':'replace','path':'/zz','value':1}]")))
        .hasMessageContaining("no value at /zz");
    assertThatThrownBy(
            () -> Patches.jsonPatch(DOC, KubeTestSupport.tree("[{'op':'remove','path':'/a/c/9'}]")))
        .hasMessageContaining("out of range");
    assertThatThrownBy(() -> Patches.jsonPatch(DOC, KubeTestSupport.json("{'op':'add'}")))
        .hasMessageContaining("list of operations");
  }
}
