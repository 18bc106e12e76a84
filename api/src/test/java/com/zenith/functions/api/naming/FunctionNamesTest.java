package com.zenith.functions.api.naming;

import static org.assertj.core.api.Assertions.assertThat;

import com.zenith.functions.api.v1alpha1.BuildSpec;
import com.zenith.functions.api.v1alpha1.DeploySpec;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionSpec;
import com.zenith.functions.api.v1alpha1.Visibility;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import org.junit.jupiter.api.Test;

/** Child names and URLs follow the original operator's contract. */
class FunctionNamesTest {

  static Function function(
      String name, String ns, Visibility visibility, String revision, String image) {
    Function fn = new Function();
    fn.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace(ns).build());
    fn.setSpec(
        new FunctionSpec(
            "https://github.com/myorg/" + name,
            revision,
            null,
            new BuildSpec(image, null),
            new DeploySpec(null, null, null, null, visibility),
            null,
            null));
    return fn;
  }

  @Test
  void childNamesAreTheOriginals() {
    assertThat(FunctionNames.serviceAccount("audit-logger")).isEqualTo("audit-logger-sa");
    assertThat(FunctionNames.knativeService("audit-logger")).isEqualTo("audit-logger");
    assertThat(FunctionNames.trigger("audit-logger")).isEqualTo("audit-logger-trigger");
  }

  @Test
  void urlsFollowTheSeedGuidesPatterns() {
    assertThat(FunctionNames.internalUrl("balance-manager", "default"))
        .isEqualTo("http://balance-manager.default.svc.cluster.local");
    assertThat(FunctionNames.externalUrl("balance-manager", "default", "example.com"))
        .isEqualTo("http://balance-manager.default.example.com");
    assertThat(FunctionNames.brokerIngressUrl("default", "default"))
        .isEqualTo("http://broker-ingress.knative-eventing.svc.cluster.local/default/default");
  }

  @Test
  void theUrlFollowsVisibilityAndANamespaceDefaultsToDefault() {
    Function internal = function("f", null, null, null, "r/f");
    Function external = function("f", "team", Visibility.EXTERNAL, null, "r/f");

    assertThat(FunctionNames.url(internal, "example.com"))
        .isEqualTo("http://f.default.svc.cluster.local");
    assertThat(FunctionNames.url(external, "localhost")).isEqualTo("http://f.team.localhost");
  }

  @Test
  void aBuildNameChangesWithTheRevisionOrImageButNotWithAnythingElse() {
    Function v1 = function("f", "ns", null, "v1", "r/f");
    Function v2 = function("f", "ns", null, "v2", "r/f");
    Function otherImage = function("f", "ns", null, "v1", "r/g");
    Function otherVisibility = function("f", "ns", Visibility.EXTERNAL, "v1", "r/f");

    String b1 = FunctionNames.build("f", BuildIdentity.of(v1, "builder:1"));

    assertThat(b1).matches("f-build-[0-9a-f]{10}");
    assertThat(FunctionNames.build("f", BuildIdentity.of(v2, "builder:1"))).isNotEqualTo(b1);
    assertThat(FunctionNames.build("f", BuildIdentity.of(otherImage, "builder:1")))
        .isNotEqualTo(b1);
    assertThat(FunctionNames.build("f", BuildIdentity.of(v1, "builder:2"))).isNotEqualTo(b1);
    assertThat(FunctionNames.build("f", BuildIdentity.of(otherVisibility, "builder:1")))
        .isEqualTo(b1);
  }

  @Test
  void anAbsentRevisionBuildsMain() {
    Function none = function("f", "ns", null, null, "r/f");
    Function main = function("f", "ns", null, "main", "r/f");

    assertThat(BuildIdentity.of(none, "b")).isEqualTo(BuildIdentity.of(main, "b"));
  }

  @Test
  void aBuildNameFitsInALabelValueEvenForTheLongestFunctionName() {
    String longest = "a".repeat(56) + "b";
    Function fn = function(longest, "ns", null, null, "r/f");

    String name = FunctionNames.build(longest, BuildIdentity.of(fn, "b"));

    assertThat(name).hasSizeLessThanOrEqualTo(63).matches("[a-z]([-a-z0-9]*[a-z0-9])?");
  }
}
