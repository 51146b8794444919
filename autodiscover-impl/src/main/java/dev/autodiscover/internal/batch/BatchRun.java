package dev.autodiscover.internal.batch;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchProgress;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.UserSettings;
import dev.autodiscover.access.ApiAccess;
import dev.autodiscover.internal.engine.CancelScope;
import dev.autodiscover.internal.engine.Failures;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapResult;
import dev.autodiscover.internal.soapclient.RecordingValidator;
import dev.autodiscover.internal.soapclient.SoapEndpoints;
import dev.autodiscover.internal.soapclient.SoapExchange;
import dev.autodiscover.internal.trust.TrustPolicy;
import org.jspecify.annotations.Nullable;

/** One batch: its items, progress, concurrency bound and cancellation. */
final class BatchRun {
  private static final System.Logger LOG = System.getLogger(BatchRun.class.getName());
  /** Pause before the one retry of a chunk whose whole request failed (ServerBusy and the like). */
  static final Duration BUSY_PAUSE = Duration.ofMillis(250);

  private final BatchRequest batch;
  private final dev.autodiscover.internal.env.CallEnv env;
  private final TrustPolicy names;
  private final java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;
  private final AsyncLimiter limiter;
  private final CancelScope scope = new CancelScope();
  private final long startNanos = System.nanoTime();
  private final @Nullable BatchItem[] items;
  private final CompletableFuture<List<BatchItem>> result = new CompletableFuture<>();
  private int done;
  private int succeeded;

  /** An address of the batch and its position in the input. */
  private record Member(int index, String input, EmailAddress address) {}

  /** A member on its way, with the attempts that concern it so far. */
  private record Pending(Member member, List<Attempt> attempts) {
    Pending plus(Attempt attempt) {
      List<Attempt> all = new ArrayList<>(attempts);
      all.add(attempt);
      return new Pending(member, all);
    }
  }

  /**
   * What the batch knows about a domain once its endpoint (POX, SOAP or v2 URL) is found; {@code approvedHosts}
   * starts with the hosts the caller's validator approved during the domain's discovery.
   */
  private record Domain(URI endpoint, DiscoveryMethod method, AutodiscoverRequest request, Member probe,
      SoapExchange.Context soap, TrustPolicy trust, Set<String> approvedHosts, SettingsCache fallbackCache) {}

  BatchRun(BatchRequest batch, java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single,
      SoapCodec codec, HttpClients clients, ScheduledExecutorService scheduler, Executor executor) {
    this.batch = batch;
    java.util.List<EmailAddress> valid = new ArrayList<>();
    for (String input : batch.inputs()) {
      try {
        valid.add(EmailAddress.parse(input));
      } catch (InvalidEmailAddressException e) {
        // reported as a failed item when the batch starts
      }
    }
    this.env = dev.autodiscover.internal.env.CallEnv.of(batch.client(), valid);
    this.names = new TrustPolicy(env);
    this.single = single;
    this.codec = codec;
    this.clients = clients;
    this.scheduler = scheduler;
    this.limiter = new AsyncLimiter(batch.concurrency(), executor);
    this.items = new BatchItem[batch.inputs().size()];
  }

  CompletableFuture<List<BatchItem>> start() {
    result.whenComplete((r, e) -> {
      if (result.isCancelled()) {
        scope.cancel();
      }
    });
    List<String> inputs = batch.inputs();
    if (inputs.isEmpty()) {
      result.complete(List.of());
      return result;
    }
    Map<String, List<Member>> byDomain = new LinkedHashMap<>();
    List<Runnable> invalid = new ArrayList<>();
    for (int i = 0; i < inputs.size(); i++) {
      String input = inputs.get(i);
      int index = i;
      try {
        EmailAddress address = EmailAddress.parse(input);
        names.checkDiscoverable(address);
        byDomain.computeIfAbsent(address.domain(), d -> new ArrayList<>()).add(new Member(i, input, address));
      } catch (InvalidEmailAddressException e) {
        invalid.add(() -> complete(index, BatchItem.failed(input, null, e, e.trace())));
      }
    }
    invalid.forEach(Runnable::run);
    byDomain.values().forEach(this::discoverDomain);
    return result;
  }

  // ---- domain endpoint -------------------------------------------------------------------------------------

  private void discoverDomain(List<Member> members) {
    Member probe = members.get(0);
    AutodiscoverRequest request;
    RecordingValidator approvals;
    AutodiscoverRequest recorded;
    dev.autodiscover.internal.env.CallEnv recordedEnv;
    try {
      request = batch.requestFor(probe.address());
      approvals = new RecordingValidator(env.validator());
      recorded = request;
      recordedEnv = env.withValidator(approvals);
    } catch (RuntimeException e) {
      abort(e);
      return;
    }
    limiter.submit(() -> scope.register(single.apply(recorded, recordedEnv))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          Domain domain = domain(request, probe, found.endpoint(), found.method(), approvals.approvedHosts());
          chunks(domain, members, found.trace().attempts());
          return;
        }
        AutodiscoverException error = Failures.of(failure, "Discovery");
        if (error instanceof AutodiscoverErrorResponseException response) {
          // The endpoint answered, only not for this user: ask it about the others.
          DiscoveryMethod method = response.trace().attempts().stream()
              .filter(a -> a.outcome() == AttemptOutcome.ERROR_RESPONSE).map(Attempt::method)
              .reduce((a, b) -> b).orElse(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
          chunks(domain(request, probe, response.endpoint(), method, approvals.approvedHosts()), members,
              error.trace().attempts());
          return;
        }
        for (Member m : members) {
          complete(m.index(), BatchItem.failed(m.input(), m.address(), error, error.trace()));
        }
      } catch (RuntimeException e) {
        abort(e);
      }
    });
  }

  private Domain domain(AutodiscoverRequest request, Member probe, URI endpoint, DiscoveryMethod method,
      Set<String> approved) {
    TrustPolicy trust = new TrustPolicy(env);
    SoapExchange.Context soap = new SoapExchange.Context(clients.transport(), trust, scheduler, scope,
        startNanos, SoapExchange.NO_DEADLINE);
    Set<String> approvedHosts = ConcurrentHashMap.newKeySet();
    approvedHosts.addAll(approved);
    return new Domain(endpoint, method, request, probe, soap, trust, approvedHosts, SettingsCache.inMemory());
  }

  private void chunks(Domain domain, List<Member> members, List<Attempt> discovery) {
    URI soapUrl = SoapEndpoints.soapUrl(domain.endpoint());
    List<Pending> pending = members.stream().map(m -> new Pending(m, discovery)).toList();
    if (soapUrl == null) {
      fallback(domain, pending);
      return;
    }
    for (int from = 0; from < pending.size(); from += batch.chunkSize()) {
      post(domain, soapUrl, pending.subList(from, Math.min(pending.size(), from + batch.chunkSize())), 0, false);
    }
  }

  // ---- SOAP ------------------------------------------------------------------------------------------------

  private void post(Domain domain, URI url, List<Pending> users, int hops, boolean retried) {
    List<String> mailboxes = users.stream().map(p -> p.member().address().toString()).toList();
    Set<String> userDomains = Set.of(domain.probe().address().domain());
    byte[] body = codec.getUserSettingsRequest(url, mailboxes, batch.userSettings(), SoapCodec.DEFAULT_SERVER_VERSION);
    limiter.submit(() -> SoapExchange.post(domain.soap(), domain.request(), domain.method(), url, body,
            mailboxes.get(0), codec::parseGetUserSettings, domain.approvedHosts(), userDomains))
        .whenComplete((exchange, failure) -> {
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

  private void onExchange(Domain domain, List<Pending> users, int hops, boolean retried, SoapExchange.Exchange<UserSettings> ex) {
    String what = "SOAP GetUserSettings for " + users.size() + (users.size() == 1 ? " user" : " users")
        + (ex.sentAuth() == null ? "" : " (authenticated with " + ex.sentAuth() + ")");
    if (ex.outcome() instanceof SoapExchange.Parsed<UserSettings> parsed) {
      SoapResponse<UserSettings> response = parsed.response();
      if (response instanceof SoapResponse.Answer<UserSettings> answer) {
        onAnswer(domain, users, hops, retried, ex, what, answer.results());
      } else if (response instanceof SoapResponse.RequestError<UserSettings> error) {
        String detail = what + ": the whole request failed with ErrorCode " + error.errorCode();
        List<Pending> next = users.stream().map(p -> p.plus(attempt(domain, ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(error.errorCode()), error.errorCode() + ": " + error.message())
            .detail(detail).build())).toList();
        if (!retried && !error.errorCode().equals("InvalidRequest")) {
          CompletableFuture.delayedExecutor(BUSY_PAUSE.toMillis(), TimeUnit.MILLISECONDS, scheduler)
              .execute(() -> post(domain, ex.url(), next, hops, true));
          return;
        }
        next.forEach(p -> fail(p, errorResponse(p, ex.url(), error.errorCode(), error.message(),
            "the server answered the batch request for " + p.member().address() + " with ErrorCode "
                + error.errorCode() + (retried ? " again after a pause" : "")), List.of()));
      } else {
        SoapResponse.Fault<UserSettings> fault = (SoapResponse.Fault<UserSettings>) response;
        String detail = what + ": SOAP fault " + fault.code() + " (" + fault.reason() + "); falling back to POX per user";
        fallback(domain, users.stream().map(p -> p.plus(attempt(domain, ex, p, AttemptOutcome.NOT_FOUND)
            .detail(detail).build())).toList());
      }
    } else if (ex.outcome() instanceof SoapExchange.Redirected<UserSettings> redirect) {
      List<Pending> next = users.stream().map(p -> p.plus(attempt(domain, ex, p, AttemptOutcome.HTTP_REDIRECT)
          .redirectTarget(redirect.location()).detail(what).build())).toList();
      redirectUrl(domain, ex.url(), redirect.location(), next, hops + 1);
    } else {
      SoapExchange.Failed<UserSettings> failed = (SoapExchange.Failed<UserSettings>) ex.outcome();
      boolean fallback = failed.outcome() == AttemptOutcome.NOT_FOUND
          || (failed.outcome() == AttemptOutcome.AUTH_REQUIRED && failed.credentialsWithheld());
      String detail = what + ": " + failed.detail() + (fallback ? "; falling back to POX per user" : "");
      List<Pending> next = users.stream().map(p -> p.plus(attempt(domain, ex, p, failed.outcome())
          .detail(detail).build())).toList();
      if (fallback) {
        fallback(domain, next);
        return;
      }
      for (Pending p : next) {
        AttemptTrace trace = AttemptTrace.of(p.attempts());
        String message = "SOAP Autodiscover for " + p.member().address() + " at " + ex.url() + " failed: "
            + failed.detail();
        AutodiscoverException error = switch (failed.outcome()) {
          case AUTH_REQUIRED -> ApiAccess.get().authentication(message
              + ". Configure credentials the server accepts (" + String.join(", ", ex.schemes()) + ")", trace,
              ex.schemes(), false);
          case AUTH_FAILED -> ApiAccess.get().authentication(message + ". Check the user name and password "
              + "or token", trace, ex.schemes(), true);
          case TIMEOUT -> ApiAccess.get().timeout(message + ". Raise attemptTimeout if the server is slow",
              trace, domain.request().attemptTimeoutFor(domain.method()));
          default -> ApiAccess.get().notFound(message, trace);
        };
        fail(p, error, List.of());
      }
    }
  }

  private void onAnswer(Domain domain, List<Pending> users, int hops, boolean retried, SoapExchange.Exchange<UserSettings> ex,
      String what, List<SoapResult<UserSettings>> results) {
    Map<String, List<Pending>> redirects = new LinkedHashMap<>();
    int answered = Math.min(results.size(), users.size());
    for (int i = 0; i < answered; i++) {
      Pending p = users.get(i);
      SoapResult<UserSettings> r = results.get(i);
      if (r instanceof SoapResult.Settings<UserSettings> s) {
        Pending done = p.plus(attempt(domain, ex, p, AttemptOutcome.SETTINGS).detail(what).build());
        UserSettings settings = s.settings();
        EwsUrl ews = settings.externalEwsUrl().map(u -> new EwsUrl(u, NetworkLocation.EXTERNAL, "EXPR"))
            .or(() -> settings.internalEwsUrl().map(u -> new EwsUrl(u, NetworkLocation.INTERNAL, "EXCH"))).orElse(null);
        complete(p.member().index(), BatchItem.succeeded(p.member().input(), p.member().address(), settings, ews,
            ex.url(), AttemptTrace.of(done.attempts())));
      } else if (r instanceof SoapResult.RedirectAddress<UserSettings> ra) {
        Pending next = p.plus(attempt(domain, ex, p, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget(ra.address())
            .detail(what).build());
        redirectAddress(domain, next, ra.address(), hops + 1);
      } else if (r instanceof SoapResult.RedirectUrl<UserSettings> ru) {
        redirects.computeIfAbsent(ru.url(), u -> new ArrayList<>())
            .add(p.plus(attempt(domain, ex, p, AttemptOutcome.REDIRECT_URL).redirectTarget(ru.url()).detail(what).build()));
      } else {
        SoapResult.Error<UserSettings> e = (SoapResult.Error<UserSettings>) r;
        Pending next = p.plus(attempt(domain, ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(e.errorCode()), e.errorCode() + ": " + e.message()).detail(what).build());
        fail(next, errorResponse(next, ex.url(), e.errorCode(), e.message(), "the server answered ErrorCode "
            + e.errorCode() + " for " + p.member().address()), List.of());
      }
    }
    redirects.forEach((target, group) -> redirectUrl(domain, ex.url(), target, group, hops + 1));
    if (answered < users.size()) {
      List<Pending> rest = users.subList(answered, users.size());
      if (answered == 0) {
        for (Pending p : rest) {
          Pending next = p.plus(attempt(domain, ex, p, AttemptOutcome.NOT_FOUND)
              .detail(what + ": the answer has no UserResponse for this user").build());
          fail(next, ApiAccess.get().notFound("the SOAP answer from " + ex.url() + " has no result for "
              + p.member().address(), AttemptTrace.of(next.attempts())), List.of());
        }
      } else {
        // Throttled servers answer fewer users than asked; ask again for the trailing ones (protocol.md §4.3).
        post(domain, ex.url(), rest.stream().map(p -> p.plus(attempt(domain, ex, p, AttemptOutcome.NOT_FOUND)
            .detail(what + ": not answered (throttled); asked again").build())).toList(), hops, retried);
      }
    }
  }

  // ---- redirects -------------------------------------------------------------------------------------------

  private void redirectUrl(Domain domain, URI from, String location, List<Pending> users, int hops) {
    if (hops > env.maxRedirects()) {
      for (Pending p : users) {
        fail(p, ApiAccess.get().redirect("more than " + env.maxRedirects() + " redirects for "
            + p.member().address() + "; raise maxRedirects if this chain is expected",
            AttemptTrace.of(p.attempts()), AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED,
            List.of(from.toString(), location)), List.of());
      }
      return;
    }
    URI target;
    try {
      target = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      target = null;
    }
    URI soap = target == null ? null : SoapEndpoints.soapRedirectTarget(target);
    List<Pending> allowed = new ArrayList<>();
    for (Pending p : users) {
      TrustPolicy.Decision decision = soap == null
          ? new TrustPolicy.Decision(false, "'" + location + "' is not an Autodiscover URL")
          : domain.trust().redirect(new RedirectProposal(p.member().address(), domain.method(), from, soap),
              domain.approvedHosts(), Set.of(p.member().address().domain()));
      if (decision.allowed()) {
        allowed.add(p);
        continue;
      }
      Pending next = p.plus(Attempt.builder(domain.method(), AttemptOutcome.REJECTED_BY_TRUST_POLICY)
          .address(p.member().address()).url(target).timing(offset(System.nanoTime()), Duration.ZERO)
          .detail("redirect to " + location + " refused: " + decision.reason()).build());
      fail(next, ApiAccess.get().notFound("the server redirected " + p.member().address() + " to "
          + location + ", which was refused: " + decision.reason(), AttemptTrace.of(next.attempts())), List.of());
    }
    if (!allowed.isEmpty() && soap != null) {
      post(domain, soap, allowed, hops, false);
    }
  }

  private void redirectAddress(Domain domain, Pending p, String target, int hops) {
    int budget = env.maxRedirects() - hops;
    EmailAddress address;
    try {
      address = EmailAddress.parse(target);
    } catch (InvalidEmailAddressException e) {
      fail(p, ApiAccess.get().notFound("the server redirected " + p.member().address() + " to '" + target
          + "', which is not a valid address", AttemptTrace.of(p.attempts())), List.of());
      return;
    }
    if (budget < 0) {
      fail(p, ApiAccess.get().redirect("more than " + env.maxRedirects() + " redirects for "
          + p.member().address() + "; raise maxRedirects if this chain is expected", AttemptTrace.of(p.attempts()),
          AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, List.of(p.member().address().toString(), target)),
          List.of());
      return;
    }
    AutodiscoverRequest request;
    try {
      request = batch.requestFor(address);
    } catch (RuntimeException e) {
      abort(e);
      return;
    }
    one(p, request, env.withMaxRedirects(budget));
  }

  // ---- one by one ------------------------------------------------------------------------------------------

  private void fallback(Domain domain, List<Pending> users) {
    SettingsCache cache = domain.fallbackCache();
    URI pox = SoapEndpoints.poxUrl(domain.endpoint());
    if (pox != null) {
      cache.storeEndpoint(domain.probe().address(), pox, AutodiscoverProtocol.POX, domain.method());
    }
    for (Pending p : users) {
      AutodiscoverRequest request;
      try {
        request = batch.requestFor(p.member().address()).lastKnownGoodFirst(true);
      } catch (RuntimeException e) {
        abort(e);
        return;
      }
      one(p, request, env.withCache(cache));
    }
  }

  private void one(Pending p, AutodiscoverRequest request, dev.autodiscover.internal.env.CallEnv runEnv) {
    limiter.submit(() -> scope.register(single.apply(request, runEnv))).whenComplete((found, failure) -> {
      try {
        if (found != null) {
          List<Attempt> all = new ArrayList<>(p.attempts());
          all.addAll(found.trace().attempts());
          complete(p.member().index(), BatchItem.succeeded(p.member().input(), p.member().address(),
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

  // ---- items -----------------------------------------------------------------------------------------------

  private void fail(Pending p, AutodiscoverException error, List<Attempt> more) {
    List<Attempt> all = new ArrayList<>(p.attempts());
    if (!more.isEmpty()) {
      all.addAll(more);
    }
    complete(p.member().index(), BatchItem.failed(p.member().input(), p.member().address(), error,
        AttemptTrace.of(all)));
  }

  private void complete(int index, BatchItem item) {
    BatchProgress progress;
    synchronized (this) {
      if (items[index] != null || result.isDone()) {
        return;
      }
      items[index] = item;
      done++;
      if (item.isSuccess()) {
        succeeded++;
      }
      progress = new BatchProgress(items.length, done, succeeded, done - succeeded);
      try {
        batch.progressListener().progress(progress);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "a BatchProgressListener threw; ignored", e);
      }
    }
    if (progress.isComplete()) {
      result.complete(List.copyOf(Arrays.asList(items)));
    }
  }

  private void abort(Throwable e) {
    if (result.completeExceptionally(e)) {
      scope.cancel();
    }
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private Attempt.Builder attempt(Domain domain, SoapExchange.Exchange<UserSettings> ex, Pending p, AttemptOutcome outcome) {
    return Attempt.builder(domain.method(), outcome).address(p.member().address()).url(ex.url()).httpMethod("POST")
        .httpStatus(ex.status()).authSchemes(ex.schemes()).retries(ex.retries())
        .timing(ex.startOffset(), ex.duration()).protocol(AutodiscoverProtocol.SOAP);
  }

  private Duration offset(long nanos) {
    return Duration.ofNanos(Math.max(0, nanos - startNanos));
  }

  private static AutodiscoverErrorResponseException errorResponse(Pending p, URI url, String code, String message,
      String summary) {
    return ApiAccess.get().errorResponse("SOAP Autodiscover ErrorCode " + code + ": " + summary
        + (message.isBlank() ? "" : " (" + message + ")"), AttemptTrace.of(p.attempts()), SoapMapping.poxErrorCode(code),
        message.isBlank() ? null : message, null, null, null, url, code);
  }



}
