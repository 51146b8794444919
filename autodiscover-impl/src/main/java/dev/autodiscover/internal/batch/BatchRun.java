package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.internal.cache.InMemorySettingsCache;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.batch.BatchParts.Domain;
import dev.autodiscover.internal.batch.BatchParts.Member;
import dev.autodiscover.internal.batch.BatchParts.Pending;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;
import dev.autodiscover.internal.pipeline.Failures;
import dev.autodiscover.internal.pipeline.Posted;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.pipeline.RunScope;
import dev.autodiscover.internal.pipeline.Sender;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import dev.autodiscover.internal.env.CallEnv;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapEndpoints;
import dev.autodiscover.internal.trust.TrustPolicy;
import org.jspecify.annotations.Nullable;

/**
 * One batch run, a driver of the pipeline: its items, concurrency bound, overall deadline and cancellation.
 * Each domain's endpoint is found by a single discovery (a run of its own, cancelled with the batch); the
 * SOAP posts are {@link AuthenticatedExchange}s reported under the batch's run id, and redirects are decided
 * by a {@link RedirectGuard} per domain that shares the batch's remembered validator answers.
 */
final class BatchRun {
  /** Pause before the one retry of a chunk whose whole request failed (ServerBusy and the like). */
  static final Duration BUSY_PAUSE = Duration.ofMillis(250);

  private final BatchRequest batch;
  private final List<BatchParts.Input> inputs;
  private final CallEnv env;
  private final TrustPolicy names;
  private final BatchEngine.Single single;
  private final SoapCodec codec;
  private final ScheduledExecutorService scheduler;
  private final BatchLanes lanes;
  private final HttpClients clients;
  /** The client's record of errors escaping its threads, and its count when this run began. */
  private final dev.autodiscover.internal.FatalErrors fatal;
  private final int fatalMark;
  /** Each input's domain lane until the input has its item, else null (no finished lane is held); see {@link BatchLanes}. */
  private final BatchLanes.@Nullable Lane[] laneOf;
  private final TraceRecorder recorder;
  private final BatchItems items;
  private final AtomicInteger steps = new AtomicInteger();
  private volatile @Nullable BatchClock clock;
  private final BatchFollowUps followUps = new BatchFollowUps(this);
  private final BatchValues values = new BatchValues();

  /** The values the batch's items share. */
  BatchValues values() {
    return values;
  }

  /** The scheduler of the batch's pauses. */
  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  /** The batch's follow-ups. */
  BatchFollowUps followUps() {
    return followUps;
  }

  /** The batch's request. */
  BatchRequest batch() {
    return batch;
  }

  /** The batch's environment. */
  CallEnv env() {
    return env;
  }

  /** The batch's recorder. */
  TraceRecorder recorder() {
    return recorder;
  }

  BatchRun(BatchRequest batch, BatchEngine.Single single, SoapCodec codec, HttpClients clients,
      ScheduledExecutorService scheduler, Executor executor) {
    this.batch = batch;
    this.inputs = BatchParts.parse(batch, values);
    this.env = CallEnv.of(batch.client(), BatchParts.addresses(inputs));
    this.names = new TrustPolicy(env);
    this.single = single;
    this.codec = codec;
    this.scheduler = scheduler;
    this.lanes = new BatchLanes(batch.concurrency(), executor, clients);
    this.clients = clients;
    this.fatal = clients.fatalErrors();
    this.fatalMark = fatal.count();
    this.laneOf = new BatchLanes.Lane[inputs.size()];
    this.recorder = TraceRecorder.forBatch(System.nanoTime(), env.listener());
    this.items = new BatchItems(batch, recorder);
  }

  CompletableFuture<List<BatchItem>> start() {
    BatchFuture result = items.result();
    result.watch(this::settle);
    if (inputs.isEmpty()) {
      result.complete(List.of());
      return result;
    }
    Map<String, List<Member>> byDomain = new LinkedHashMap<>();
    List<Runnable> invalid = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      BatchParts.Input in = inputs.get(i);
      int index = i;
      try {
        EmailAddress address = in.address();
        if (address == null) {
          throw Objects.requireNonNull(in.error());
        }
        names.checkDiscoverable(address);
        byDomain.computeIfAbsent(address.domain(), d -> new ArrayList<>()).add(new Member(i, in.text(), address));
        items.address(i, address);
      } catch (InvalidEmailAddressException e) {
        invalid.add(() -> complete(index, ApiAccess.get().batchFailed(in.text(), null, e, e.trace())));
      }
    }
    if (!byDomain.isEmpty() && !startClock()) {
      return result;
    }
    List<BatchLanes.Lane> domains = new ArrayList<>(byDomain.size());
    for (List<Member> members : byDomain.values()) {
      BatchLanes.Lane lane = lanes.lane(members.size());
      domains.add(lane);
      members.forEach(m -> laneOf[m.index()] = lane);
    }
    Runnable unregister = fatal.listen(this::abort);
    result.whenComplete((r, e) -> {
      unregister.run();
      lanes.close();
    });
    invalid.forEach(Runnable::run);
    java.util.Iterator<BatchLanes.Lane> lane = domains.iterator();
    byDomain.values().forEach(members -> discoverDomain(members, lane.next()));
    return result;
  }

  /** Starts the batch's clock (see {@link BatchClock}); false when the batch could not start. */
  private boolean startClock() {
    try {
      clock = BatchClock.start(batch, env, recorder, scheduler, items);
      return true;
    } catch (RuntimeException e) {
      abort(e);
      return false;
    }
  }

  private BatchClock clock() {
    return Objects.requireNonNull(clock, "clock");
  }

  private RunScope scope() {
    return clock().scope();
  }

  private RedirectGuard root() {
    return clock().root();
  }

  AutodiscoverRequest subRun(AutodiscoverRequest request) {
    return clock().subRun(request);
  }

  /** The environment of the batch's sub-runs: the batch's, with its remembered validator answers. */
  CallEnv subEnv() {
    return env.withValidator(root().validator());
  }

  private void discoverDomain(List<Member> members, BatchLanes.Lane lane) {
    Member probe = members.get(0);
    AutodiscoverRequest request;
    AutodiscoverRequest sub;
    try {
      request = batch.requestFor(probe.address());
      sub = subRun(request);
    } catch (RuntimeException e) {
      abort(e);
      return;
    }
    lane.submit(t -> scope().register(single.resolve(sub, subEnv(), t))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          Domain domain = domain(lane, request, probe, found.endpoint(), found.method(), root().validatorApprovals());
          chunks(domain, members, found.trace().attempts());
          return;
        }
        if (fatal(failure)) {
          return;
        }
        AutodiscoverException error = Failures.of(failure, "Discovery");
        if (error instanceof AutodiscoverErrorResponseException response) {
          // The endpoint answered, only not for this user: ask it about the others.
          DiscoveryMethod method = response.trace().attempts().stream()
              .filter(a -> a.outcome() == AttemptOutcome.ERROR_RESPONSE).map(Attempt::method)
              .reduce((a, b) -> b).orElse(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
          chunks(domain(lane, request, probe, response.endpoint(), method, root().validatorApprovals()), members,
              error.trace().attempts());
          return;
        }
        for (Member m : members) {
          complete(m.index(), ApiAccess.get().batchFailed(m.input(), m.address(), error, error.trace()));
        }
      } catch (RuntimeException | Error e) {
        abort(e);
      }
    });
  }

  private Domain domain(BatchLanes.Lane lane, AutodiscoverRequest request, Member probe, URI endpoint,
      DiscoveryMethod method, Set<String> approved) {
    RedirectGuard guard = new RedirectGuard(subEnv(), recorder);
    guard.approvedHosts().addAll(approved);
    guard.userDomains().add(probe.address().domain());
    return new Domain(endpoint, method, request, probe, lane, guard, InMemorySettingsCache.withDefaults());
  }

  /** How the domain's SOAP posts are sent, over its lane's transport. */
  private AuthenticatedExchange.Context soap(Domain domain, HttpTransport transport) {
    AutodiscoverRequest request = domain.request();
    DiscoveryMethod method = domain.method();
    return new AuthenticatedExchange.Context(new Sender.Context(transport, scheduler, scope(),
        scope().cancelScope(), method, request.attemptTimeoutFor(method), request.retriesOnTimeoutFor(method)),
        request.credentials(), request.preAuthenticate(), domain.guard());
  }

  private void chunks(Domain domain, List<Member> members, List<Attempt> discovery) {
    URI soapUrl = SoapEndpoints.soapUrl(domain.endpoint());
    List<Pending> pending = members.stream().map(m -> new Pending(m, discovery, List.of())).toList();
    if (soapUrl == null) {
      followUps.fallback(domain, pending);
      return;
    }
    for (int from = 0; from < pending.size(); from += batch.chunkSize()) {
      post(domain, soapUrl, pending.subList(from, Math.min(pending.size(), from + batch.chunkSize())), 0, false);
    }
  }

  void post(Domain domain, URI url, List<Pending> asked, int hops, boolean retried) {
    List<Pending> users = asked.stream().map(p -> p.at(url)).toList();
    List<String> mailboxes = users.stream().map(p -> p.member().address().toString()).toList();
    byte[] body = codec.getUserSettingsRequest(url, mailboxes, batch.userSettings(), SoapCodec.DEFAULT_SERVER_VERSION);
    domain.lane().submit(transport -> {
      TraceRecorder.InFlight inFlight = recorder.start(new TraceRecorder.Position(0, 0, steps.getAndIncrement()),
          domain.method(), users.get(0).member().address(), "POST", url);
      return AuthenticatedExchange.post(soap(domain, transport), url, body, mailboxes.get(0),
          AuthenticatedExchange.soap(codec::parseGetUserSettings)).thenApply(r -> {
            Posted<SoapResponse<UserSettings>> ex = new Posted<>(inFlight, r);
            inFlight.end(BatchParts.summary(ex, users.size()));
            return ex;
          });
    }).whenComplete((exchange, failure) -> {
          try {
            if (exchange == null) {
              if (fatal(failure)) {
                return;
              }
              AutodiscoverException error = Failures.of(failure, "Discovery");
              users.forEach(p -> fail(p, error, List.of()));
            } else {
              BatchAnswers.onExchange(this, domain, users, hops, retried, exchange);
            }
          } catch (RuntimeException | Error e) {
            abort(e);
          }
        });
  }

  void one(BatchLanes.Lane lane, Pending p, AutodiscoverRequest request, CallEnv runEnv) {
    lane.submit(t -> scope().register(single.resolve(request, runEnv, t))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          List<Attempt> all = new ArrayList<>(p.attempts());
          all.addAll(found.trace().attempts());
          complete(p.member().index(), ApiAccess.get().batchSucceeded(p.member().input(), p.member().address(),
              values.settings(found.userSettings()), values.ewsUrl(found.ewsUrl().orElse(null)), found.endpoint(),
              AttemptTrace.of(all)));
        } else if (!fatal(failure)) {
          AutodiscoverException error = Failures.of(failure, "Discovery");
          fail(p, error, error.trace().attempts());
        }
      } catch (RuntimeException | Error e) {
        abort(e);
      }
    });
  }

  void fail(Pending p, AutodiscoverException error, List<Attempt> more) {
    List<Attempt> all = new ArrayList<>(p.attempts());
    if (!more.isEmpty()) {
      all.addAll(more);
    }
    complete(p.member().index(), ApiAccess.get().batchFailed(p.member().input(), p.member().address(), error,
        AttemptTrace.of(all)));
  }

  /**
   * For a waiter ({@link BatchFuture.Watch}): ends the batch with an error recorded since it began, in case telling
   * it failed, or with its deadline's work if the deadline's timer is overdue.
   */
  private void settle() {
    if (endedByFatalError()) {
      return;
    }
    BatchClock c = clock;
    if (c != null) {
      c.settleOverdue();
    }
  }

  /**
   * Ends the batch with an error the client recorded since the batch began, in case telling the batch failed for lack
   * of memory; allocates nothing when there is none.
   *
   * @return whether there was one
   */
  private boolean endedByFatalError() {
    Error e = fatal.since(fatalMark);
    if (e != null) {
      abort(e);
    }
    return e != null;
  }

  void complete(int index, BatchItem item) {
    if (endedByFatalError()) {
      return;
    }
    if (items.complete(index, item)) {
      BatchLanes.Lane lane = laneOf[index];
      laneOf[index] = null; // each index completes once
      if (lane != null) {
        lane.memberDone(); // the domain's last item shuts its lane down
      }
    }
  }

  /** Whether a failure is (or wraps) an {@link Error}: it then ends the batch, which fails with it. */
  private boolean fatal(@Nullable Throwable failure) {
    for (Throwable c = failure; c != null; c = c.getCause()) {
      if (c instanceof Error e) {
        abort(e);
        return true;
      }
    }
    return false;
  }

  /**
   * Ends the batch with an unexpected failure and cancels what is in flight, also when completing the batch's future
   * failed for lack of memory (a waiter then ends with the noted failure; see {@link BatchFuture}). Never throws.
   */
  void abort(Throwable e) {
    if (items.abort(e) || !items.result().isDone()) {
      BatchClock c = clock;
      if (c != null) {
        try {
          c.scope().cancel();
        } catch (Throwable again) {
          // out of memory again: what is in flight ends at its own timeout
        }
      }
    }
  }
}
