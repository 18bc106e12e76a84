package com.zenith.functions.operator.scenarios;

import com.zenith.functions.operator.resources.ChildSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh mock cluster (CRUD mode) and a running operator for each scenario. */
@EnableKubernetesMockClient(crud = true)
abstract class ScenarioBase {

  KubernetesClient client;
  ClusterFixture cluster;

  /** The operator settings of the scenarios in a class. */
  ChildSettings settings() {
    return ChildSettings.defaults();
  }

  @BeforeEach
  void startOperator() {
    cluster = new ClusterFixture(client);
    cluster.start(settings());
  }

  @AfterEach
  void stopOperator() {
    cluster.stop();
  }
}
