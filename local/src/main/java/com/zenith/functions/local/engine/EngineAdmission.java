package com.zenith.functions.local.engine;

import com.zenith.functions.local.kube.KubeAdmission;
import com.zenith.functions.local.store.Admission;

/**
 * The admission every write to the engine's store goes through, from kubectl or from files: the API
 * module's validator (schema, CEL and semantic rules) and the API server's defaults.
 */
final class EngineAdmission {
  private EngineAdmission() {}

  static Admission create() {
    return new KubeAdmission();
  }
}
