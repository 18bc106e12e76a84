package com.zenith.functions.operator.scenarios;

import com.zenith.functions.operator.resources.ChildSettings;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh mock cluster (CRUD mode) and a running operator for each scenario. */
@EnableKubernetesMockClient(crud = true)
abstract class ScenarioBase {

  KubernetesClient client;
  KubernetesMockServer server;
  ClusterFixture cluster;

  /** The operator settings of the scenarios in a class. */
  ChildSettings settings() {
    return ChildSettings.defaults();
  }

  /** The operator's loops in a class's scenarios. */
  com.zenith.functions.operator.RuntimeSettings runtime() {
    return ClusterFixture.RUNTIME;
  }

  /** The optional parts the class's mock cluster has. */
  com.zenith.functions.operator.ClusterCapabilities capabilities() {
    return com.zenith.functions.operator.ClusterCapabilities.all();
  }

  @BeforeEach
  void startOperator() {
    cluster = new ClusterFixture(client);
    cluster.start(settings(), runtime(), capabilities());
  }

  @AfterEach
  void stopOperator() {
    cluster.stop();
  }

  /** Takes the requests the mock server recorded so far; returns the writes among them. */
  List<String> drainWrites() throws InterruptedException {
    List<String> writes = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(50, TimeUnit.MILLISECONDS)) != null) {
      if (!"GET".equals(r.getMethod())) {
        writes.add(r.getMethod() + " " + r.getPath());
      }
    }
    return writes;
  }
}
