package com.zenith.functions.local.engine;

import com.zenith.functions.local.store.Admission;

/** The admission every write to the engine's store goes through, from kubectl or from files. */
final class EngineAdmission {
  private EngineAdmission() {}

  static Admission create() {
    return Admission.NONE; // replaced by the API module's validator when the API server lands
  }
}
