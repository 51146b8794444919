package dev.autodiscover.internal.domain;

import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.ScheduledExecutorService;
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
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.env.AddressChange;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;
import dev.autodiscover.internal.pipeline.Failures;
import dev.autodiscover.internal.pipeline.Posted;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.pipeline.RunScope;
import dev.autodiscover.internal.pipeline.Sender;
import dev.autodiscover.internal.pipeline.SettingsUrls;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import dev.autodiscover.internal.http.HttpClients;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapResult;
import dev.autodiscover.internal.soap.SoapEndpoints;
import dev.autodiscover.internal.trust.TrustPolicy;
import org.jspecify.annotations.Nullable;

/**
 * One domain-settings run, a driver of the pipeline: discovery of the endpoint (a run of its own), then
 * {@code GetDomainSettings} at its SOAP URL and at the redirect targets it names, each POST an
 * {@link AuthenticatedExchange} reported under this run's id, each redirect decided by the run's
 * {@link RedirectGuard}. The trace is the discovery's attempts followed by this run's own attempts.
 */
final class DomainSettingsRun {
  private final AutodiscoverRequest request;
  private final dev.autodiscover.internal.env.CallEnv env;
  private final Set<DomainSettingName> names;
  private final java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single;
  private final SoapCodec codec;
  private final HttpClients clients;
  private final ScheduledExecutorService scheduler;
  private final EmailAddress address;
  private final String domain;
  private final RunScope scope;
  private final TraceRecorder recorder;
  private final RedirectGuard guard;
  private final CompletableFuture<DomainSettingsResult> result = new CompletableFuture<>();
  private final List<Attempt> discoveryAttempts = new ArrayList<>();
  private final List<String> visited = new CopyOnWriteArrayList<>();
  private final AtomicInteger steps = new AtomicInteger();
  private final java.util.concurrent.atomic.AtomicBoolean endSent = new java.util.concurrent.atomic.AtomicBoolean();
  private volatile DiscoveryMethod method = DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN;
  private volatile AuthenticatedExchange.@Nullable Context soap;

  DomainSettingsRun(AutodiscoverRequest request, dev.autodiscover.internal.env.CallEnv env, Set<DomainSettingName> names,
      java.util.function.BiFunction<AutodiscoverRequest, dev.autodiscover.internal.env.CallEnv, CompletableFuture<AutodiscoverResult>> single, SoapCodec codec,
      HttpClients clients, ScheduledExecutorService scheduler) {
    this.request = request;
    this.env = env;
    this.names = names;
    this.single = single;
    this.codec = codec;
    this.clients = clients;
    this.scheduler = scheduler;
    this.address = request.address();
    this.domain = request.address().domain();
    this.scope = RunScope.startNow(request.deadline());
    this.recorder = TraceRecorder.forNewRun(scope.startNanos(), env.listener());
    this.guard = new RedirectGuard(env, recorder);
    guard.userDomains().add(domain);
  }

  CompletableFuture<DomainSettingsResult> start() {
    recorder.event(l -> l.domainSettingsStart(recorder.runId(), address));
    result.whenComplete((r, e) -> {
      scope.close();
      scope.cancel();
      ended(r, e);
    });
    CompletableFuture<AutodiscoverResult> discovery;
    try {
      discovery = scope.register(single.apply(request, env.withValidator(guard.validator())));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    discovery.whenComplete((found, failure) -> {
      try {
        onDiscovery(found, failure);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  // ---- discovery -------------------------------------------------------------------------------------------

  private void onDiscovery(@Nullable AutodiscoverResult found, @Nullable Throwable failure) {
    if (result.isDone()) {
      return;
    }
    URI endpoint;
    if (found != null) {
      addAll(found.trace().attempts());
      endpoint = found.endpoint();
      method = found.method();
      if (!found.finalAddress().equals(address)) {
        // Credentials follow the address redirect only as discovery's did: the same trust decision.
        guard.addressChanged(new AddressChange(address, found.finalAddress(), null, method));
      }
    } else {
      AutodiscoverException error = Failures.of(failure, "Domain settings discovery");
      if (!(error instanceof AutodiscoverErrorResponseException response)) {
        result.completeExceptionally(error);
        return;
      }
      // The endpoint answered, only not for this address: its SOAP service may still know the domain.
      addAll(response.trace().attempts());
      endpoint = response.endpoint();
      method = response.trace().attempts().stream().filter(a -> a.outcome() == AttemptOutcome.ERROR_RESPONSE)
          .map(Attempt::method).reduce((a, b) -> b).orElse(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    }
    guard.approvedHosts().addAll(guard.validatorApprovals());
    if ("file".equalsIgnoreCase(endpoint.getScheme())) {
      fail(ApiAccess.get().notFound("Discovery for " + address + " answered from the local XML file "
          + endpoint + "; a local file has no SOAP service to ask GetDomainSettings. Exclude LOCAL_XML or let "
          + "discovery reach the server.", trace()));
      return;
    }
    URI soapUrl = SoapEndpoints.soapUrl(endpoint);
    if (soapUrl == null) {
      fail(ApiAccess.get().notFound("The endpoint found for " + address + ", " + endpoint
          + ", is not an https Autodiscover URL, so it has no SOAP GetDomainSettings service.", trace()));
      return;
    }
    if (scope.remaining().isZero()) {
      deadlinePassed();
      return;
    }
    // The discovery kept the deadline itself; from here this run's timer does.
    scope.onDeadline(scheduler, this::deadlinePassed);
    soap = new AuthenticatedExchange.Context(new Sender.Context(clients.transport(), scheduler, scope,
        scope.cancelScope(), method, request.attemptTimeoutFor(method), request.retriesOnTimeoutFor(method)),
        request.credentials(), request.preAuthenticate(), guard);
    post(soapUrl, 0);
  }

  private void deadlinePassed() {
    scope.markDeadlineReached();
    // Fail first: cancelling completes the exchange in flight on this very stack, and it must find the run over.
    fail(ApiAccess.get().timeout("No domain settings for " + domain + " within the deadline of "
        + request.deadline().toMillis() + " ms.", trace(), request.deadline()));
    scope.cancel();
  }

  // ---- SOAP ------------------------------------------------------------------------------------------------

  private void post(URI url, int hops) {
    AuthenticatedExchange.Context ctx = soap;
    if (ctx == null || result.isDone()) {
      return;
    }
    visited.add(url.toString());
    byte[] body = codec.getDomainSettingsRequest(url, List.of(domain), names, SoapCodec.DEFAULT_SERVER_VERSION);
    TraceRecorder.InFlight inFlight = recorder.start(position(), method, address, "POST", url);
    AuthenticatedExchange.post(ctx, url, body, address.toString(),
        AuthenticatedExchange.soap(codec::parseGetDomainSettings)).thenAccept(r -> {
          try {
            onExchange(new Posted<>(inFlight, r), hops);
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
  }

  private void onExchange(Posted<SoapResponse<DomainSettings>> ex, int hops) {
    if (result.isDone()) {
      return;
    }
    String what = "SOAP GetDomainSettings for " + domain
        + (ex.sentAuth() == null ? "" : " (authenticated with " + ex.sentAuth() + ")");
    if (ex.r().outcome() instanceof AuthenticatedExchange.Answer<SoapResponse<DomainSettings>> parsed) {
      onParsed(ex, hops, what, parsed.value());
    } else if (ex.r().outcome() instanceof AuthenticatedExchange.Redirect<SoapResponse<DomainSettings>> redirect) {
      end(ex, attempt(ex, AttemptOutcome.HTTP_REDIRECT).redirectTarget(redirect.location())
          .detail(what + ": HTTP " + redirect.status()).build());
      redirect(ex.url(), redirect.location(), hops + 1);
    } else {
      AuthenticatedExchange.Failed<SoapResponse<DomainSettings>> failed =
          (AuthenticatedExchange.Failed<SoapResponse<DomainSettings>>) ex.r().outcome();
      end(ex, attempt(ex, failed.outcome()).detail(what + ": " + failed.detail()).build());
      fail(Failures.ofExchange(failed.outcome(), "GetDomainSettings for " + domain + " at " + ex.url() + " failed: "
          + failed.detail(), trace(), ex.schemes(), ex.r().authorizationUri(), request.attemptTimeoutFor(method),
          ex.url() + " has no SOAP GetDomainSettings service (" + failed.detail() + ")."));
    }
  }

  private void onParsed(Posted<SoapResponse<DomainSettings>> ex, int hops, String what,
      SoapResponse<DomainSettings> response) {
    if (response instanceof SoapResponse.Fault<DomainSettings> fault) {
      end(ex, attempt(ex, AttemptOutcome.NOT_FOUND).detail(what + ": SOAP fault " + fault.code() + " (" + fault.reason()
          + ")").build());
      fail(ApiAccess.get().notFound(ex.url() + " has no SOAP GetDomainSettings service: it answered with "
          + "SOAP fault " + fault.code() + " (" + fault.reason() + ").", trace()));
      return;
    }
    if (response instanceof SoapResponse.RequestError<DomainSettings> error) {
      errorCode(ex, what + ": the whole request failed", error.errorCode(), error.message());
      return;
    }
    List<SoapResult<DomainSettings>> results = ((SoapResponse.Answer<DomainSettings>) response).results();
    if (results.isEmpty()) {
      end(ex, attempt(ex, AttemptOutcome.NOT_FOUND).detail(what + ": the answer has no DomainResponse").build());
      fail(ApiAccess.get().notFound("The GetDomainSettings answer from " + ex.url() + " has no result for "
          + domain + ".", trace()));
      return;
    }
    SoapResult<DomainSettings> first = results.get(0);
    if (first instanceof SoapResult.Settings<DomainSettings> settings) {
      end(ex, attempt(ex, AttemptOutcome.SETTINGS)
          .detail(SettingsUrls.join(what, SettingsUrls.refused(settings.settings()))).build());
      succeed(ApiAccess.get().domainSettingsResult(domain, settings.settings(), ex.url(), trace(),
          scope.elapsed()));
    } else if (first instanceof SoapResult.RedirectUrl<DomainSettings> redirect) {
      end(ex, attempt(ex, AttemptOutcome.REDIRECT_URL).redirectTarget(redirect.url()).detail(what).build());
      redirect(ex.url(), redirect.url(), hops + 1);
    } else if (first instanceof SoapResult.RedirectAddress<DomainSettings> redirect) {
      end(ex, attempt(ex, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget(redirect.address()).detail(what).build());
      fail(ApiAccess.get().notFound(ex.url() + " answered GetDomainSettings for " + domain
          + " with RedirectAddress " + redirect.address() + ", which names a mailbox, not a service; ask with an "
          + "address of the domain that hosts the mailbox.", trace()));
    } else {
      SoapResult.Error<DomainSettings> error = (SoapResult.Error<DomainSettings>) first;
      errorCode(ex, what, error.errorCode(), error.message());
    }
  }

  private void errorCode(Posted<SoapResponse<DomainSettings>> ex, String what, String code, String message) {
    end(ex, attempt(ex, AttemptOutcome.ERROR_RESPONSE).error(SoapMapping.poxErrorCode(code), code + ": " + message)
        .detail(what + ": ErrorCode " + code).build());
    String hint = code.equals("InvalidDomain") ? " The server does not serve " + domain
        + "; check the address's domain." : "";
    fail(ApiAccess.get().errorResponse("SOAP Autodiscover ErrorCode " + code + " for domain " + domain
        + " from " + ex.url() + (message.isBlank() ? "." : ": " + message) + hint, trace(),
        SoapMapping.poxErrorCode(code), message.isBlank() ? null : message, null, null, null, ex.url(), code));
  }

  // ---- redirects -------------------------------------------------------------------------------------------

  private void redirect(URI from, String location, int hops) {
    URI resolved = RedirectGuard.resolve(from, location);
    URI soapUrl = resolved == null ? null : SoapEndpoints.soapRedirectTarget(resolved);
    RedirectGuard.Verdict verdict = guard.check(method, address, from, location, soapUrl,
        "'" + location + "' is not an https Autodiscover URL", hops - 1, env.maxRedirects(),
        env.maxRedirects(), visited, RedirectGuard.Link.POST);
    if (verdict instanceof RedirectGuard.Verdict.Follow f) {
      post(f.target(), hops);
      return;
    }
    RedirectGuard.Verdict.Stopped stopped = (RedirectGuard.Verdict.Stopped) verdict;
    switch (stopped.stop()) {
      case LIMIT -> fail(ApiAccess.get().redirect("More than " + env.maxRedirects() + " redirects "
          + "asking for the domain settings of " + domain + "; raise maxRedirects if this chain is expected.",
          trace(), AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, List.of(from.toString(), location)));
      case LOOP -> fail(ApiAccess.get().redirect("The redirects asking for the domain settings of " + domain
          + " lead back to " + soapUrl + ", which was already asked: a redirect loop.", trace(),
          AutodiscoverRedirectException.Reason.LOOP, List.of(from.toString(), String.valueOf(soapUrl))));
      default -> refused(stopped.target() == null ? resolved : stopped.target(), location, stopped.reason());
    }
  }

  private void refused(@Nullable URI target, String location, String reason) {
    recorder.record(position(), recorder.unsent(method, AttemptOutcome.REJECTED_BY_TRUST_POLICY, address, 0)
        .url(target).protocol(AutodiscoverProtocol.SOAP).detail("redirect to " + location + " refused: " + reason)
        .build());
    fail(ApiAccess.get().notFound("The server redirected GetDomainSettings for " + domain + " to "
        + location + ", which was refused: " + reason + ".", trace()));
  }

  // ---- helpers ---------------------------------------------------------------------------------------------

  private Attempt.Builder attempt(Posted<SoapResponse<DomainSettings>> ex, AttemptOutcome outcome) {
    return ex.inFlight().builder(outcome).httpStatus(ex.r().status()).authSchemes(ex.schemes())
        .authorizationUri(ex.r().authorizationUri()).retries(ex.r().retries()).protocol(AutodiscoverProtocol.SOAP);
  }

  private static void end(Posted<SoapResponse<DomainSettings>> ex, Attempt attempt) {
    ex.inFlight().end(attempt);
  }

  private TraceRecorder.Position position() {
    return new TraceRecorder.Position(0, 0, steps.getAndIncrement());
  }

  private synchronized void addAll(List<Attempt> more) {
    discoveryAttempts.addAll(more);
  }

  private synchronized AttemptTrace trace() {
    List<Attempt> all = new ArrayList<>(discoveryAttempts);
    all.addAll(recorder.snapshot().attempts());
    return AttemptTrace.of(all);
  }

  private void fail(AutodiscoverException error) {
    if (!result.isDone()) {
      ended(null, error);
    }
    result.completeExceptionally(error);
  }

  private void succeed(DomainSettingsResult settings) {
    if (!result.isDone()) {
      ended(settings, null);
    }
    result.complete(settings);
  }

  /** Sends the run's end event once, before the caller can see the outcome where possible. */
  private void ended(@Nullable DomainSettingsResult r, @Nullable Throwable e) {
    if (!endSent.compareAndSet(false, true)) {
      return;
    }
    if (r != null) {
      recorder.event(l -> l.domainSettingsEnd(recorder.runId(), r));
    } else {
      AutodiscoverException failure = Failures.of(e, "Domain settings for " + domain);
      recorder.event(l -> l.domainSettingsFailed(recorder.runId(), failure));
    }
  }
}
