package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.zenith.functions.api.schedule.CronSchedule;

/**
 * Checks a Knative PingSource (sources.knative.dev/v1) as far as zenith dev runs it: a valid
 * schedule, and a Broker as its sink.
 */
final class PingSourceRules {
  private PingSourceRules() {}

  static void check(LoadedDocument doc, StructuralSchemaValidator.Context ctx) {
    JsonNode spec = doc.tree().path("spec");
    FieldPath schedule = FieldPath.of("spec", "schedule");
    if (!spec.path("schedule").isTextual()) {
      ctx.error(
          ctx.sourceMap().keyAt(FieldPath.of("spec")),
          schedule,
          "Required value: a cron schedule such as \"*/1 * * * *\"");
    } else {
      try {
        CronSchedule.parse(spec.path("schedule").asText());
      } catch (IllegalArgumentException e) {
        ctx.error(
            ctx.sourceMap().valueAt(schedule),
            schedule,
            "Invalid value: "
                + Diagnostic.quoted(spec.path("schedule").asText())
                + ": "
                + e.getMessage());
      }
    }
    FieldPath ref = FieldPath.of("spec", "sink", "ref");
    JsonNode sink = spec.path("sink").path("ref");
    if (!sink.path("name").isTextual() || sink.path("name").asText().isEmpty()) {
      ctx.error(
          ctx.sourceMap().keyAt(ref),
          ref.child("name"),
          "Required value: the Broker that receives the events");
    } else if (!"Broker".equals(sink.path("kind").asText("Broker"))) {
      ctx.error(
          ctx.sourceMap().valueAt(ref.child("kind")),
          ref.child("kind"),
          "Unsupported value: "
              + Diagnostic.quoted(sink.path("kind").asText())
              + ": supported values: \"Broker\"");
    }
  }
}
