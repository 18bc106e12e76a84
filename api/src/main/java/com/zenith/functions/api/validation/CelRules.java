package com.zenith.functions.api.validation;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cel.common.CelValidationException;
import dev.cel.common.types.SimpleType;
import dev.cel.compiler.CelCompiler;
import dev.cel.compiler.CelCompilerFactory;
import dev.cel.parser.CelStandardMacro;
import dev.cel.runtime.CelEvaluationException;
import dev.cel.runtime.CelRuntime;
import dev.cel.runtime.CelRuntimeFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Evaluates the CRD's {@code x-kubernetes-validations} rules with the CEL library, the way the API
 * server does: {@code self} is the value at the rule's place in the schema.
 */
public final class CelRules {
  /** What one rule evaluation gave. */
  public sealed interface Outcome permits Passed, Failed, Broken {}

  /** The rule holds. */
  public record Passed() implements Outcome {}

  /** The rule does not hold. */
  public record Failed() implements Outcome {}

  /** The rule could not be compiled or evaluated. */
  public record Broken(String detail) implements Outcome {}

  private final CelCompiler compiler =
      CelCompilerFactory.standardCelCompilerBuilder()
          .setStandardMacros(CelStandardMacro.STANDARD_MACROS)
          .addVar("self", SimpleType.DYN)
          .build();
  private final CelRuntime runtime = CelRuntimeFactory.standardCelRuntimeBuilder().build();
  private final Map<String, Object> programs = new ConcurrentHashMap<>();

  /** Evaluates {@code rule} with {@code self} bound to {@code value}. */
  public Outcome evaluate(String rule, JsonNode value) {
    Object compiled = programs.computeIfAbsent(rule, this::compile);
    if (compiled instanceof String error) {
      return new Broken(error);
    }
    try {
      Object result = ((CelRuntime.Program) compiled).eval(Map.of("self", toCel(value)));
      if (result instanceof Boolean b) {
        return b ? new Passed() : new Failed();
      }
      return new Broken("rule gave " + result + " instead of a boolean");
    } catch (CelEvaluationException e) {
      return new Broken(e.getMessage());
    }
  }

  private Object compile(String rule) {
    try {
      return runtime.createProgram(compiler.compile(rule).getAst());
    } catch (CelValidationException | CelEvaluationException e) {
      return "cannot compile rule " + rule + ": " + e.getMessage();
    }
  }

  /** Converts a JSON tree to the values CEL expects: maps, lists, int64, double, string. */
  static Object toCel(JsonNode node) {
    if (node == null || node.isNull() || node.isMissingNode()) {
      return dev.cel.common.values.NullValue.NULL_VALUE;
    }
    if (node.isObject()) {
      Map<String, Object> map = new LinkedHashMap<>();
      node.properties().forEach(e -> map.put(e.getKey(), toCel(e.getValue())));
      return map;
    }
    if (node.isArray()) {
      List<Object> list = new ArrayList<>();
      node.forEach(n -> list.add(toCel(n)));
      return list;
    }
    if (node.isBoolean()) {
      return node.booleanValue();
    }
    if (node.isIntegralNumber() && node.canConvertToLong()) {
      return node.longValue();
    }
    if (node.isNumber()) {
      return node.doubleValue();
    }
    return node.asText();
  }
}
