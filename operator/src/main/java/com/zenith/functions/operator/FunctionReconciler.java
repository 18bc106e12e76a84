package com.zenith.functions.operator;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import com.zenith.functions.operator.dependent.BuildStep;
import com.zenith.functions.operator.dependent.KnativeServiceStep;
import com.zenith.functions.operator.dependent.ServiceAccountStep;
import com.zenith.functions.operator.dependent.TriggerStep;
import com.zenith.functions.operator.resources.ChildSettings;
import com.zenith.functions.operator.status.BuildConditions;
import com.zenith.functions.operator.status.FunctionStatusAssembler;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.EventSourceContext;
import io.javaoperatorsdk.operator.api.reconciler.PrimaryUpdateAndCacheUtils;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;
import io.javaoperatorsdk.operator.processing.event.source.EventSource;
import io.javaoperatorsdk.operator.processing.event.source.IndexerResourceCache;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reconciles a Function into its children, one step per child, in order: ServiceAccount, build
 * (Tekton PipelineRun), Knative Service, Trigger. Then assembles the status purely from what the
 * steps observed and writes it only when it changed (W1), recording an Event when Ready changes.
 * Children, and the Secrets, ConfigMaps and Brokers a Function names, are watched, so nothing is
 * polled (W14).
 */
@ControllerConfiguration(name = FunctionReconciler.NAME)
public class FunctionReconciler implements Reconciler<Function> {

  /** Controller name. */
  public static final String NAME = "function";

  private static final Duration UNWATCHED_RETRY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);

  private final ChildSettings settings;
  private final Clock clock;
  private volatile IndexerResourceCache<Function> functions;
  private ServiceAccountStep serviceAccounts;
  private BuildStep builds;
  private KnativeServiceStep services;
  private TriggerStep triggers;
  private FunctionEvents events;

  /** A reconciler with these child settings. */
  public FunctionReconciler(ChildSettings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
    functions = context.getPrimaryCache();
    FunctionInformers informers = FunctionInformers.create(context);
    var client = context.getClient();
    serviceAccounts = new ServiceAccountStep(client, informers.serviceAccounts());
    builds = new BuildStep(client, informers.pipelineRuns(), informers.secrets(), settings);
    services =
        new KnativeServiceStep(
            client, informers.services(), informers.secrets(), informers.configMaps(), settings);
    triggers = new TriggerStep(client, informers.triggers(), informers.brokers());
    events = new FunctionEvents(client);
    return informers.all();
  }

  @Override
  public UpdateControl<Function> reconcile(Function fn, Context<Function> context) {
    boolean saOk = serviceAccounts.reconcile(fn);
    BuildConditions.Outcome build = builds.reconcile(fn, saOk);
    KnativeServiceStep.Outcome service = services.reconcile(fn, build.imageDigest());
    var eventing = triggers.reconcile(fn, service.exists());

    FunctionStatus previous = fn.getStatus();
    FunctionStatus next =
        FunctionStatusAssembler.assemble(
            previous,
            fn.getMetadata().getGeneration(),
            clock.instant(),
            new FunctionStatusAssembler.Observed(
                build, service.condition(), eventing, service.url()));
    if (!FunctionStatusAssembler.changed(previous, next)) {
      return retryIfUnwatched(UpdateControl.noUpdate(), next);
    }
    FunctionStatusAssembler.readyTransition(previous, next)
        .ifPresent(
            ready -> {
              LOG.info(
                  "ready function={}/{} generation={} status={} reason={}",
                  fn.getMetadata().getNamespace(),
                  fn.getMetadata().getName(),
                  next.observedGeneration(),
                  ready.status(),
                  ready.reason());
              events.transition(fn, ready);
            });
    // Not UpdateControl.patchStatus: JOSDK does not cache what that patch returns, so a reconcile
    // triggered (by a child's event) before the informer has seen our own status update would
    // start again from the old status and write the same patch a second time. This patches with
    // optimistic locking and puts the response in the primary cache for the next reconcile.
    PrimaryUpdateAndCacheUtils.patchStatusAndCacheResource(
        fn,
        context,
        latest -> {
          latest.setStatus(next);
          return latest;
        });
    return retryIfUnwatched(UpdateControl.noUpdate(), next);
  }

  /**
   * Most waits end with a watch event; two do not: an Instrumentation that could not be created
   * (its CRD or RBAC may appear at any time) and a name taken by an object we do not label (our
   * informers only see our own children). Those are retried on a timer.
   */
  private static UpdateControl<Function> retryIfUnwatched(
      UpdateControl<Function> control, FunctionStatus status) {
    boolean unwatched =
        status.conditions().stream()
            .anyMatch(
                c ->
                    Reasons.INSTRUMENTATION_FAILED.equals(c.reason())
                        || Reasons.NAME_CONFLICT.equals(c.reason()));
    return unwatched ? control.rescheduleAfter(UNWATCHED_RETRY) : control;
  }

  /** How many cached Functions have Ready with each status (True, False, Unknown). */
  public Map<String, Long> countByReady() {
    var cache = functions;
    if (cache == null) {
      return Map.of();
    }
    return cache
        .list()
        .collect(
            Collectors.groupingBy(
                fn ->
                    fn.getStatus() == null
                        ? "Unknown"
                        : Conditions.find(fn.getStatus().conditions(), ConditionTypes.READY)
                            .map(c -> c.status())
                            .orElse("Unknown"),
                Collectors.counting()));
  }
}
