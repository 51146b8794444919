package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiFunction;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.NetworkLocation;
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
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapResult;
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
  private final BiFunction<AutodiscoverRequest, CallEnv, CompletableFuture<AutodiscoverResult>> single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;
  private final AsyncLimiter limiter;
  private final TraceRecorder recorder;
  private final BatchItems items;
  private final AtomicInteger steps = new AtomicInteger();
  private volatile @Nullable BatchClock clock;
  private final BatchFollowUps followUps = new BatchFollowUps(this);

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

  BatchRun(BatchRequest batch, BiFunction<AutodiscoverRequest, CallEnv, CompletableFuture<AutodiscoverResult>> single,
      SoapCodec codec, HttpClients clients, ScheduledExecutorService scheduler, Executor executor) {
    this.batch = batch;
    this.inputs = BatchParts.parse(batch);
    this.env = CallEnv.of(batch.client(), BatchParts.addresses(inputs));
    this.names = new TrustPolicy(env);
    this.single = single;
    this.codec = codec;
    this.clients = clients;
    this.scheduler = scheduler;
    this.limiter = new AsyncLimiter(batch.concurrency(), executor);
    this.recorder = TraceRecorder.forNewRun(System.nanoTime(), env.listener());
    this.items = new BatchItems(batch, recorder);
  }

  CompletableFuture<List<BatchItem>> start() {
    CompletableFuture<List<BatchItem>> result = items.result();
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
    invalid.forEach(Runnable::run);
    byDomain.values().forEach(this::discoverDomain);
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

  private void discoverDomain(List<Member> members) {
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
    limiter.submit(() -> scope().register(single.apply(sub, subEnv()))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          Domain domain = domain(request, probe, found.endpoint(), found.method(), root().validatorApprovals());
          chunks(domain, members, found.trace().attempts());
          return;
        }
        AutodiscoverException error = Failures.of(failure, "Discovery");
        if (error instanceof AutodiscoverErrorResponseException response) {
          // The endpoint answered, only not for this user: ask it about the others.
          DiscoveryMethod method = response.trace().attempts().stream()
              .filter(a -> a.outcome() == AttemptOutcome.ERROR_RESPONSE).map(Attempt::method)
              .reduce((a, b) -> b).orElse(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
          chunks(domain(request, probe, response.endpoint(), method, root().validatorApprovals()), members,
              error.trace().attempts());
          return;
        }
        for (Member m : members) {
          complete(m.index(), ApiAccess.get().batchFailed(m.input(), m.address(), error, error.trace()));
        }
      } catch (RuntimeException e) {
        abort(e);
      }
    });
  }

  private Domain domain(AutodiscoverRequest request, Member probe, URI endpoint, DiscoveryMethod method,
      Set<String> approved) {
    RedirectGuard guard = new RedirectGuard(subEnv(), recorder);
    guard.approvedHosts().addAll(approved);
    guard.userDomains().add(probe.address().domain());
    AuthenticatedExchange.Context soap = new AuthenticatedExchange.Context(new Sender.Context(
        clients.transport(), scheduler, scope(), scope().cancelScope(), method,
        request.attemptTimeoutFor(method), request.retriesOnTimeoutFor(method)), request.credentials(),
        request.preAuthenticate(), guard);
    return new Domain(endpoint, method, request, probe, soap, guard, InMemorySettingsCache.withDefaults());
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
    limiter.submit(() -> {
      TraceRecorder.InFlight inFlight = recorder.start(new TraceRecorder.Position(0, 0, steps.getAndIncrement()),
          domain.method(), users.get(0).member().address(), "POST", url);
      return AuthenticatedExchange.post(domain.soap(), url, body, mailboxes.get(0),
          AuthenticatedExchange.soap(codec::parseGetUserSettings)).thenApply(r -> {
            Posted<SoapResponse<UserSettings>> ex = new Posted<>(inFlight, r);
            inFlight.end(BatchParts.summary(ex, users.size()));
            return ex;
          });
    }).whenComplete((exchange, failure) -> {
          try {
            if (exchange == null) {
              AutodiscoverException error = Failures.of(failure, "Discovery");
              users.forEach(p -> fail(p, error, List.of()));
            } else {
              onExchange(domain, users, hops, retried, exchange);
            }
          } catch (RuntimeException e) {
            abort(e);
          }
        });
  }

  private void onExchange(Domain domain, List<Pending> users, int hops, boolean retried, Posted<SoapResponse<UserSettings>> ex) {
    String what = "SOAP GetUserSettings for " + users.size() + (users.size() == 1 ? " user" : " users")
        + (ex.sentAuth() == null ? "" : " (authenticated with " + ex.sentAuth() + ")");
    if (ex.r().outcome() instanceof AuthenticatedExchange.Answer<SoapResponse<UserSettings>> parsed) {
      SoapResponse<UserSettings> response = parsed.value();
      if (response instanceof SoapResponse.Answer<UserSettings> answer) {
        onAnswer(domain, users, hops, retried, ex, what, answer.results());
      } else if (response instanceof SoapResponse.RequestError<UserSettings> error) {
        String detail = what + ": the whole request failed with ErrorCode " + error.errorCode();
        List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(error.errorCode()), error.errorCode() + ": " + error.message())
            .detail(detail).build())).toList();
        if (!retried && !error.errorCode().equals("InvalidRequest")) {
          CompletableFuture.delayedExecutor(BUSY_PAUSE.toMillis(), TimeUnit.MILLISECONDS, scheduler)
              .execute(() -> post(domain, ex.url(), next, hops, true));
          return;
        }
        next.forEach(p -> fail(p, BatchParts.errorResponse(p, ex.url(), error.errorCode(), error.message(),
            "the server answered the batch request for " + p.member().address() + " with ErrorCode "
                + error.errorCode() + (retried ? " again after a pause" : "")), List.of()));
      } else {
        SoapResponse.Fault<UserSettings> fault = (SoapResponse.Fault<UserSettings>) response;
        String detail = what + ": SOAP fault " + fault.code() + " (" + fault.reason() + "); falling back to POX per user";
        followUps.fallback(domain, users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
            .detail(detail).build())).toList());
      }
    } else if (ex.r().outcome() instanceof AuthenticatedExchange.Redirect<SoapResponse<UserSettings>> redirect) {
      List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.HTTP_REDIRECT)
          .redirectTarget(redirect.location()).detail(what).build())).toList();
      followUps.redirectUrl(domain, ex.url(), redirect.location(), next, hops + 1);
    } else {
      AuthenticatedExchange.Failed<SoapResponse<UserSettings>> failed =
          (AuthenticatedExchange.Failed<SoapResponse<UserSettings>>) ex.r().outcome();
      boolean fallback = failed.outcome() == AttemptOutcome.NOT_FOUND
          || (failed.outcome() == AttemptOutcome.AUTH_REQUIRED && failed.credentialsWithheld());
      String detail = what + ": " + failed.detail() + (fallback ? "; falling back to POX per user" : "");
      List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, failed.outcome())
          .detail(detail).build())).toList();
      if (fallback) {
        followUps.fallback(domain, next);
        return;
      }
      for (Pending p : next) {
        AttemptTrace trace = AttemptTrace.of(p.attempts());
        String message = "SOAP Autodiscover for " + p.member().address() + " at " + ex.url() + " failed: "
            + failed.detail();
        AutodiscoverException error = Failures.ofExchange(failed.outcome(), message, trace, ex.schemes(),
            ex.r().authorizationUri(), domain.request().attemptTimeoutFor(domain.method()), null);
        fail(p, error, List.of());
      }
    }
  }

  private void onAnswer(Domain domain, List<Pending> users, int hops, boolean retried, Posted<SoapResponse<UserSettings>> ex,
      String what, List<SoapResult<UserSettings>> results) {
    Map<String, List<Pending>> redirects = new LinkedHashMap<>();
    int answered = Math.min(results.size(), users.size());
    for (int i = 0; i < answered; i++) {
      Pending p = users.get(i);
      SoapResult<UserSettings> r = results.get(i);
      if (r instanceof SoapResult.Settings<UserSettings> s) {
        Pending done = p.plus(BatchParts.settings(ex, p, what, s.settings()));
        UserSettings settings = s.settings();
        EwsUrl ews = settings.externalEwsUrl().map(u -> new EwsUrl(u, NetworkLocation.EXTERNAL, "EXPR"))
            .or(() -> settings.internalEwsUrl().map(u -> new EwsUrl(u, NetworkLocation.INTERNAL, "EXCH"))).orElse(null);
        complete(p.member().index(), ApiAccess.get().batchSucceeded(p.member().input(), p.member().address(), settings, ews,
            ex.url(), AttemptTrace.of(done.attempts())));
      } else if (r instanceof SoapResult.RedirectAddress<UserSettings> ra) {
        Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget(ra.address())
            .detail(what).build());
        followUps.redirectAddress(domain, next, ex.url(), ra.address(), hops + 1);
      } else if (r instanceof SoapResult.RedirectUrl<UserSettings> ru) {
        redirects.computeIfAbsent(ru.url(), u -> new ArrayList<>())
            .add(p.plus(BatchParts.attempt(ex, p, AttemptOutcome.REDIRECT_URL).redirectTarget(ru.url()).detail(what).build()));
      } else {
        SoapResult.Error<UserSettings> e = (SoapResult.Error<UserSettings>) r;
        Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(e.errorCode()), e.errorCode() + ": " + e.message()).detail(what).build());
        fail(next, BatchParts.errorResponse(next, ex.url(), e.errorCode(), e.message(), "the server answered ErrorCode "
            + e.errorCode() + " for " + p.member().address()), List.of());
      }
    }
    redirects.forEach((target, group) -> followUps.redirectUrl(domain, ex.url(), target, group, hops + 1));
    if (answered < users.size()) {
      List<Pending> rest = users.subList(answered, users.size());
      if (answered == 0) {
        for (Pending p : rest) {
          Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
              .detail(what + ": the answer has no UserResponse for this user").build());
          fail(next, ApiAccess.get().notFound("the SOAP answer from " + ex.url() + " has no result for "
              + p.member().address(), AttemptTrace.of(next.attempts())), List.of());
        }
      } else {
        // Throttled servers answer fewer users than asked; ask again for the trailing ones (protocol.md §4.3).
        post(domain, ex.url(), rest.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
            .detail(what + ": not answered (throttled); asked again").build())).toList(), hops, retried);
      }
    }
  }

  void one(Pending p, AutodiscoverRequest request, CallEnv runEnv) {
    limiter.submit(() -> scope().register(single.apply(request, runEnv))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          List<Attempt> all = new ArrayList<>(p.attempts());
          all.addAll(found.trace().attempts());
          complete(p.member().index(), ApiAccess.get().batchSucceeded(p.member().input(), p.member().address(),
              found.userSettings(), found.ewsUrl().orElse(null), found.endpoint(), AttemptTrace.of(all)));
        } else {
          AutodiscoverException error = Failures.of(failure, "Discovery");
          fail(p, error, error.trace().attempts());
        }
      } catch (RuntimeException e) {
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

  void complete(int index, BatchItem item) {
    items.complete(index, item);
  }

  void abort(Throwable e) {
    if (items.abort(e)) {
      BatchClock c = clock;
      if (c != null) {
        c.scope().cancel();
      }
    }
  }
}
