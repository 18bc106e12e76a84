package com.zenith.functions.api.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** The CEL library evaluates the CRD's rules as the API server would. */
class CelRulesTest {
  private final CelRules cel = new CelRules();
  private final ObjectMapper json = new ObjectMapper();

  private CelRules.Outcome eval(String rule, String value) throws Exception {
    return cel.evaluate(rule, json.readTree(value));
  }

  @Test
  void hasAndComparisonsWorkOnObjects() throws Exception {
    String rule = "!has(self.minScale) || !has(self.maxScale) || self.minScale <= self.maxScale";
    assertThat(eval(rule, "{\"minScale\": 1, \"maxScale\": 3}"))
        .isInstanceOf(CelRules.Passed.class);
    assertThat(eval(rule, "{\"minScale\": 4, \"maxScale\": 3}"))
        .isInstanceOf(CelRules.Failed.class);
    assertThat(eval(rule, "{\"maxScale\": 3}")).isInstanceOf(CelRules.Passed.class);
  }

  @Test
  void mapKeyMacrosAndRegexesWork() throws Exception {
    String rule = "self.all(k, k.matches('^[a-z][a-z0-9]*$'))";
    assertThat(eval(rule, "{\"type\": \"a\", \"source\": \"b\"}"))
        .isInstanceOf(CelRules.Passed.class);
    assertThat(eval(rule, "{\"Type\": \"a\"}")).isInstanceOf(CelRules.Failed.class);
  }

  @Test
  void aRuleThatDoesNotCompileIsReportedNotThrown() throws Exception {
    assertThat(eval("self.", "{}")).isInstanceOf(CelRules.Broken.class);
  }

  @Test
  void aRuleThatFailsAtRunTimeIsReportedNotThrown() throws Exception {
    assertThat(eval("self.missing == 1", "{}")).isInstanceOf(CelRules.Broken.class);
  }
}
