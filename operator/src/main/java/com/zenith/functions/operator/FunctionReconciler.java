package com.zenith.functions.operator;

import com.zenith.functions.api.conditions.ConditionTypes;
import com.zenith.functions.api.conditions.Conditions;
import com.zenith.functions.api.conditions.Reasons;
import com.zenith.functions.api.v1alpha1.Function;
import com.zenith.functions.api.v1alpha1.FunctionStatus;
import com.zenith.functions.operator.dependent.BuildStep;
import com.zenith.functions.operator.dependent.KnativeServiceStep;
import com.zenith.functions.operator.dependent.References;
import com.zenith.functions.operator.dependent.ServiceAccountStep;
import com.zenith.functions.operator.dependent.TriggerStep;
import com.zenith.functions.operator.git.GitRevisionTracker;
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
import io.javaoperatorsdk.operator.processing.event.source.inbound.SimpleInboundEventSource;
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
 * Children and Brokers are watched; a moving git revision is followed by the {@link
 * GitRevisionTracker}, whose news arrive as events; the Secrets and ConfigMaps a Function names are
 * read on demand and a Function waiting for one is checked again after the recheck interval.
 */
@ControllerConfiguration(name = FunctionReconciler.NAME)
public class FunctionReconciler implements Reconciler<Function> {

  /** Controller name. */
  public static final String NAME = "function";

  private static final Duration UNWATCHED_RETRY = Duration.ofSeconds(30);
  private static final Logger LOG = LoggerFactory.getLogger(FunctionReconciler.class);

  /** Reasons whose cause the operator reads on demand: checked again after the recheck interval. */
  private static final java.util.Set<String> READ_ON_DEMAND =
      java.util.Set.of(
          Reasons.SECRET_NOT_FOUND,
          Reasons.CONFIG_MAP_NOT_FOUND,
          Reasons.GIT_AUTH_MISSING,
          Reasons.GIT_AUTH_UNUSABLE);

  /** Reasons nothing the operator watches will change: checked again every 30 s. */
  private static final java.util.Set<String> UNWATCHED =
      java.util.Set.of(Reasons.INSTRUMENTATION_FAILED, Reasons.NAME_CONFLICT, Reasons.FORBIDDEN);

  private final ChildSettings settings;
  private final ClusterCapabilities capabilities;
  private final GitRevisionTracker revisions;
  private final Duration recheck;
  private final Clock clock;
  private final SimpleInboundEventSource<Function> revisionEvents =
      new SimpleInboundEventSource<>("git-revisions");
  private volatile IndexerResourceCache<Function> functions;
  private ServiceAccountStep serviceAccounts;
  private BuildStep builds;
  private KnativeServiceStep services;
  private TriggerStep triggers;
  private FunctionEvents events;

  /**
   * A reconciler.
   *
   * @param settings what shapes the children
   * @param capabilities the optional parts the cluster has
   * @param revisions follows moving git revisions
   * @param recheck how soon a Function waiting for a Secret or ConfigMap is checked again
   * @param clock for condition times
   */
  public FunctionReconciler(
      ChildSettings settings,
      ClusterCapabilities capabilities,
      GitRevisionTracker revisions,
      Duration recheck,
      Clock clock) {
    this.settings = settings;
    this.capabilities = capabilities;
    this.revisions = revisions;
    this.recheck = recheck;
    this.clock = clock;
  }

  @Override
  public List<EventSource<?, Function>> prepareEventSources(EventSourceContext<Function> context) {
    functions = context.getPrimaryCache();
    FunctionInformers informers = FunctionInformers.create(context, capabilities);
    var client = context.getClient();
    var references = new References(client);
    serviceAccounts = new ServiceAccountStep(client, informers.serviceAccounts());
    builds = new BuildStep(client, informers.pipelineRuns(), references, revisions, settings);
    services =
        new KnativeServiceStep(
            client,
            informers.services(),
            references,
            informers.brokers(),
            settings,
            capabilities.instrumentation());
    triggers = new TriggerStep(client, informers.triggers(), informers.brokers());
    events = new FunctionEvents(client);
    var cache = functions;
    revisions.start(revisionEvents::propagateEvent, id -> cache.get(id).isPresent());
    List<EventSource<?, Function>> sources = new java.util.ArrayList<>(informers.all());
    sources.add(revisionEvents);
    return sources;
  }

  @Override
  public UpdateControl<Function> reconcile(Function fn, Context<Function> context) {
    ServiceAccountStep.Result sa = serviceAccounts.reconcile(fn);
    BuildConditions.Outcome build = builds.reconcile(fn, sa);
    KnativeServiceStep.Outcome service = services.reconcile(fn, build.imageDigest());
    var eventing = triggers.reconcile(fn, service.exists());

    FunctionStatus previous = fn.getStatus();
    FunctionStatus next =
        FunctionStatusAssembler.assemble(
            previous,
            fn.getMetadata().getGeneration(),
            clock.instant(),
            new FunctionStatusAssembler.Observed(
                build,
                service.condition(),
                eventing,
                service.url(),
                service.servingImage(),
                service.tracing()));
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
   * Most waits end with a watch event; some do not: a Secret or ConfigMap (read on demand, so
   * checked again soon), and an Instrumentation that could not be created, a write the API server
   * forbade (RBAC may change at any time) or a name taken by an object we do not label (our
   * informers only see our own children), retried every 30 s.
   */
  private UpdateControl<Function> retryIfUnwatched(
      UpdateControl<Function> control, FunctionStatus status) {
    if (status.conditions().stream().anyMatch(c -> READ_ON_DEMAND.contains(c.reason()))) {
      return control.rescheduleAfter(recheck);
    }
    boolean unwatched = status.conditions().stream().anyMatch(c -> UNWATCHED.contains(c.reason()));
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
