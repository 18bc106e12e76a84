package com.zenith.functions.local.kube;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

class SelectorsTest {
  static final JsonNode POD =
      KubeTestSupport.json(
          "{'metadata':{'name':'p','namespace':'n','labels':{'app':'a','tier':'web'}},"
              + "'status':{'phase':'Running'}}");

  static boolean labels(String s) throws Exception {
    return Selectors.labels(s).test(POD);
  }

  static boolean fields(String s) throws Exception {
    return Selectors.fields(s).test(POD);
  }

  @Test
  void labelSelectorsMatchAsKubernetesDoes() throws Exception {
    assertThat(labels("app=a")).isTrue();
    assertThat(labels("app==a")).isTrue();
    assertThat(labels("app=b")).isFalse();
    assertThat(labels("app!=b")).isTrue();
    assertThat(labels("missing!=b")).isTrue();
    assertThat(labels("app in (x, a)")).isTrue();
    assertThat(labels("app notin (x,a)")).isFalse();
    assertThat(labels("missing notin (x)")).isTrue();
    assertThat(labels("tier")).isTrue();
    assertThat(labels("!tier")).isFalse();
    assertThat(labels("!missing,app=a,tier in (web)")).isTrue();
    assertThat(labels("app=a,tier=db")).isFalse();
    assertThat(labels("")).isTrue();
    assertThatThrownBy(() -> labels("app in (a")).isInstanceOf(Selectors.InvalidSelector.class);
    assertThatThrownBy(() -> labels("bad key!=x")).isInstanceOf(Selectors.InvalidSelector.class);
  }

  @Test
  void fieldSelectorsMatchDottedFields() throws Exception {
    assertThat(fields("metadata.name=p")).isTrue();
    assertThat(fields("metadata.name=q")).isFalse();
    assertThat(fields("metadata.namespace=n,status.phase=Running")).isTrue();
    assertThat(fields("status.phase!=Running")).isFalse();
    assertThat(Selectors.required("metadata.name=p,status.phase=x", "metadata.name"))
        .isEqualTo("p");
    assertThatThrownBy(() -> fields("nonsense")).isInstanceOf(Selectors.InvalidSelector.class);
  }

  @Test
  void thePrinterColumnPathsOfTheCrdEvaluate() {
    JsonNode fn =
        KubeTestSupport.json(
            "{'status':{'url':'u','conditions':[{'type':'BuildSucceeded','status':'True'},"
                + "{'type':'Ready','status':'False','reason':'BuildFailed'}]}}");
    assertThat(JsonPathLite.first(".status.conditions[?(@.type==\"Ready\")].status", fn))
        .isEqualTo("False");
    assertThat(JsonPathLite.first(".status.conditions[?(@.type==\"Ready\")].reason", fn))
        .isEqualTo("BuildFailed");
    assertThat(JsonPathLite.first(".status.conditions[?(@.type!=\"Ready\")].type", fn))
        .isEqualTo("BuildSucceeded");
    assertThat(JsonPathLite.first(".status.conditions[1].type", fn)).isEqualTo("Ready");
    assertThat(JsonPathLite.select(".status.conditions[*].type", fn)).hasSize(2);
    assertThat(JsonPathLite.first(".status.url", fn)).isEqualTo("u");
    assertThat(JsonPathLite.first(".status.imageDigest", fn)).isNull();
  }

  @Test
  void agesReadAsKubectlPrintsThem() {
    assertThat(Tables.human(java.time.Duration.ofSeconds(45))).isEqualTo("45s");
    assertThat(Tables.human(java.time.Duration.ofSeconds(130))).isEqualTo("2m10s");
    assertThat(Tables.human(java.time.Duration.ofMinutes(75))).isEqualTo("75m");
    assertThat(Tables.human(java.time.Duration.ofMinutes(5 * 60 + 7))).isEqualTo("5h7m");
    assertThat(Tables.human(java.time.Duration.ofHours(30))).isEqualTo("30h");
    assertThat(Tables.human(java.time.Duration.ofHours(3 * 24 + 4))).isEqualTo("3d4h");
    assertThat(Tables.human(java.time.Duration.ofDays(40))).isEqualTo("40d");
  }
}
