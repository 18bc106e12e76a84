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
  void aBuildNameChangesWithTheResolvedCommitAndAnUnresolvedOneKeepsItsOldName() throws Exception {
    Function fn = function("f", "ns", null, "main", "r/f");
    BuildIdentity unresolved = BuildIdentity.of(fn, "b");

    String atA = FunctionNames.build("f", unresolved.withCommit("a".repeat(40)));
    String atB = FunctionNames.build("f", unresolved.withCommit("b".repeat(40)));

    assertThat(atA).isNotEqualTo(atB).isNotEqualTo(FunctionNames.build("f", unresolved));
    // The names builds had before commits were part of the identity stay valid.
    var md = java.security.MessageDigest.getInstance("SHA-256");
    for (String part : new String[] {unresolved.gitRepo(), "main", "r/f", "b"}) {
      md.update(part.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      md.update((byte) 0);
    }
    assertThat(unresolved.hash())
        .isEqualTo(java.util.HexFormat.of().formatHex(md.digest()).substring(0, 10));
  }

  @Test
  void theBrokerAddressWinsOverTheMultiTenantIngressAndEveryIngressHostFormIsRecognised() {
    assertThat(FunctionNames.brokerIngressUrl("ns", "b", "http://kafka-broker-ingress/ns/b"))
        .isEqualTo("http://kafka-broker-ingress/ns/b");
    assertThat(FunctionNames.brokerIngressUrl("ns", "b", null))
        .isEqualTo(FunctionNames.brokerIngressUrl("ns", "b"));
    assertThat(FunctionNames.isBrokerIngressHost("broker-ingress.knative-eventing.svc:80"))
        .isTrue();
    assertThat(FunctionNames.isBrokerIngressHost("Broker-Ingress.knative-eventing")).isTrue();
    assertThat(FunctionNames.isBrokerIngressHost("broker-ingress.other")).isFalse();
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
