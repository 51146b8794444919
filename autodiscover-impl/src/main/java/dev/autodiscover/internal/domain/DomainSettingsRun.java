package dev.autodiscover.internal.domain;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
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
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
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

/**
 * One domain-settings run: discovery of the endpoint, then {@code GetDomainSettings} at its SOAP URL and at
 * the redirect targets it names. The trace is the discovery's attempts followed by one attempt per SOAP POST.
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
  private final CancelScope scope = new CancelScope();
  private final CompletableFuture<DomainSettingsResult> result = new CompletableFuture<>();
  private final List<Attempt> attempts = new ArrayList<>();
  private final Set<String> visited = ConcurrentHashMap.newKeySet();
  private final Set<String> approvedHosts = ConcurrentHashMap.newKeySet();
  private final long startNanos = System.nanoTime();
  private volatile DiscoveryMethod method = DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN;
  private volatile SoapExchange.@Nullable Context soap;
  private volatile @Nullable TrustPolicy trust;

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
  }

  CompletableFuture<DomainSettingsResult> start() {
    result.whenComplete((r, e) -> scope.cancel());
    RecordingValidator approvals = new RecordingValidator(env.validator());
    CompletableFuture<AutodiscoverResult> discovery;
    try {
      discovery = scope.register(single.apply(request, env.withValidator(approvals)));
    } catch (RuntimeException e) {
      result.completeExceptionally(e);
      return result;
    }
    discovery.whenComplete((found, failure) -> {
      try {
        onDiscovery(found, failure, approvals);
      } catch (RuntimeException e) {
        result.completeExceptionally(e);
      }
    });
    return result;
  }

  // ---- discovery -------------------------------------------------------------------------------------------

  private void onDiscovery(@Nullable AutodiscoverResult found, @Nullable Throwable failure,
      RecordingValidator approvals) {
    if (result.isDone()) {
      return;
    }
    URI endpoint;
    if (found != null) {
      addAll(found.trace().attempts());
      endpoint = found.endpoint();
      method = found.method();
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
    approvedHosts.addAll(approvals.approvedHosts());
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
    long deadlineNanos = startNanos + request.deadline().toNanos();
    long left = deadlineNanos - System.nanoTime();
    if (left <= 0) {
      deadlinePassed();
      return;
    }
    ScheduledFuture<?> timer = scheduler.schedule(this::deadlinePassed, left, TimeUnit.NANOSECONDS);
    result.whenComplete((r, e) -> timer.cancel(false));
    TrustPolicy policy = new TrustPolicy(env);
    trust = policy;
    soap = new SoapExchange.Context(clients.transport(), policy, scheduler, scope, startNanos,
        deadlineNanos);
    visited.add(key(soapUrl));
    post(soapUrl, 0);
  }

  private void deadlinePassed() {
    // Fail first: cancelling completes the exchange in flight on this very stack, and it must find the run over.
    fail(ApiAccess.get().timeout("No domain settings for " + domain + " within the deadline of "
        + request.deadline().toMillis() + " ms.", trace(), request.deadline()));
    scope.cancel();
  }

  // ---- SOAP ------------------------------------------------------------------------------------------------

  private void post(URI url, int hops) {
    SoapExchange.Context ctx = soap;
    if (ctx == null || result.isDone()) {
      return;
    }
    byte[] body = codec.getDomainSettingsRequest(url, List.of(domain), names, SoapCodec.DEFAULT_SERVER_VERSION);
    SoapExchange.post(ctx, request, method, url, body, address.toString(), codec::parseGetDomainSettings,
        approvedHosts, Set.of(domain)).thenAccept(ex -> {
          try {
            onExchange(ex, hops);
          } catch (RuntimeException e) {
            result.completeExceptionally(e);
          }
        });
  }

  private void onExchange(SoapExchange.Exchange<DomainSettings> ex, int hops) {
    if (result.isDone()) {
      return;
    }
    String what = "SOAP GetDomainSettings for " + domain
        + (ex.sentAuth() == null ? "" : " (authenticated with " + ex.sentAuth() + ")");
    if (ex.outcome() instanceof SoapExchange.Parsed<DomainSettings> parsed) {
      onParsed(ex, hops, what, parsed.response());
    } else if (ex.outcome() instanceof SoapExchange.Redirected<DomainSettings> redirect) {
      add(attempt(ex, AttemptOutcome.HTTP_REDIRECT).redirectTarget(redirect.location())
          .detail(what + ": HTTP " + redirect.status()).build());
      redirect(ex.url(), redirect.location(), hops + 1);
    } else {
      SoapExchange.Failed<DomainSettings> failed = (SoapExchange.Failed<DomainSettings>) ex.outcome();
      add(attempt(ex, failed.outcome()).detail(what + ": " + failed.detail()).build());
      String message = "GetDomainSettings for " + domain + " at " + ex.url() + " failed: " + failed.detail();
      fail(switch (failed.outcome()) {
        case AUTH_REQUIRED -> ApiAccess.get().authentication(message + ". Configure credentials the server "
            + "accepts (" + String.join(", ", ex.schemes()) + ")", trace(), ex.schemes(), false);
        case AUTH_FAILED -> ApiAccess.get().authentication(message + ". Check the user name and password or "
            + "token", trace(), ex.schemes(), true);
        case TIMEOUT -> ApiAccess.get().timeout(message + ". Raise attemptTimeout if the server is slow",
            trace(), request.attemptTimeoutFor(method));
        case NOT_FOUND -> ApiAccess.get().notFound(ex.url() + " has no SOAP GetDomainSettings service ("
            + failed.detail() + ").", trace());
        default -> ApiAccess.get().notFound(message, trace());
      });
    }
  }

  private void onParsed(SoapExchange.Exchange<DomainSettings> ex, int hops, String what,
      SoapResponse<DomainSettings> response) {
    if (response instanceof SoapResponse.Fault<DomainSettings> fault) {
      add(attempt(ex, AttemptOutcome.NOT_FOUND).detail(what + ": SOAP fault " + fault.code() + " (" + fault.reason()
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
      add(attempt(ex, AttemptOutcome.NOT_FOUND).detail(what + ": the answer has no DomainResponse").build());
      fail(ApiAccess.get().notFound("The GetDomainSettings answer from " + ex.url() + " has no result for "
          + domain + ".", trace()));
      return;
    }
    SoapResult<DomainSettings> first = results.get(0);
    if (first instanceof SoapResult.Settings<DomainSettings> settings) {
      add(attempt(ex, AttemptOutcome.SETTINGS).detail(what).build());
      result.complete(ApiAccess.get().domainSettingsResult(domain, settings.settings(), ex.url(), trace(),
          Duration.ofNanos(System.nanoTime() - startNanos)));
    } else if (first instanceof SoapResult.RedirectUrl<DomainSettings> redirect) {
      add(attempt(ex, AttemptOutcome.REDIRECT_URL).redirectTarget(redirect.url()).detail(what).build());
      redirect(ex.url(), redirect.url(), hops + 1);
    } else if (first instanceof SoapResult.RedirectAddress<DomainSettings> redirect) {
      add(attempt(ex, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget(redirect.address()).detail(what).build());
      fail(ApiAccess.get().notFound(ex.url() + " answered GetDomainSettings for " + domain
          + " with RedirectAddress " + redirect.address() + ", which names a mailbox, not a service; ask with an "
          + "address of the domain that hosts the mailbox.", trace()));
    } else {
      SoapResult.Error<DomainSettings> error = (SoapResult.Error<DomainSettings>) first;
      errorCode(ex, what, error.errorCode(), error.message());
    }
  }

  private void errorCode(SoapExchange.Exchange<DomainSettings> ex, String what, String code, String message) {
    add(attempt(ex, AttemptOutcome.ERROR_RESPONSE).error(SoapMapping.poxErrorCode(code), code + ": " + message)
        .detail(what + ": ErrorCode " + code).build());
    String hint = code.equals("InvalidDomain") ? " The server does not serve " + domain
        + "; check the address's domain." : "";
    fail(ApiAccess.get().errorResponse("SOAP Autodiscover ErrorCode " + code + " for domain " + domain
        + " from " + ex.url() + (message.isBlank() ? "." : ": " + message) + hint, trace(),
        SoapMapping.poxErrorCode(code), message.isBlank() ? null : message, null, null, null, ex.url(), code));
  }

  // ---- redirects -------------------------------------------------------------------------------------------

  private void redirect(URI from, String location, int hops) {
    if (hops > env.maxRedirects()) {
      fail(ApiAccess.get().redirect("More than " + env.maxRedirects() + " redirects asking for the "
          + "domain settings of " + domain + "; raise maxRedirects if this chain is expected.", trace(),
          AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, List.of(from.toString(), location)));
      return;
    }
    URI target;
    try {
      target = from.resolve(location.strip());
    } catch (IllegalArgumentException e) {
      target = null;
    }
    URI soapUrl = target == null ? null : SoapEndpoints.soapRedirectTarget(target);
    TrustPolicy policy = trust;
    if (soapUrl == null || policy == null) {
      refused(target, location, "'" + location + "' is not an https Autodiscover URL");
      return;
    }
    if (!visited.add(key(soapUrl))) {
      fail(ApiAccess.get().redirect("The redirects asking for the domain settings of " + domain
          + " lead back to " + soapUrl + ", which was already asked: a redirect loop.", trace(),
          AutodiscoverRedirectException.Reason.LOOP, List.of(from.toString(), soapUrl.toString())));
      return;
    }
    TrustPolicy.Decision decision = policy.redirect(new RedirectProposal(address, method, from, soapUrl),
        approvedHosts, Set.of(domain));
    if (!decision.allowed()) {
      refused(soapUrl, location, decision.reason());
      return;
    }
    post(soapUrl, hops);
  }

  private void refused(@Nullable URI target, String location, String reason) {
    add(Attempt.builder(method, AttemptOutcome.REJECTED_BY_TRUST_POLICY).address(address).url(target)
        .protocol(AutodiscoverProtocol.SOAP).timing(offset(System.nanoTime()), Duration.ZERO)
        .detail("redirect to " + location + " refused: " + reason).build());
    fail(ApiAccess.get().notFound("The server redirected GetDomainSettings for " + domain + " to "
        + location + ", which was refused: " + reason + ".", trace()));
  }


  // ---- helpers ---------------------------------------------------------------------------------------------

  private Attempt.Builder attempt(SoapExchange.Exchange<DomainSettings> ex, AttemptOutcome outcome) {
    return Attempt.builder(method, outcome).address(address).url(ex.url()).httpMethod("POST")
        .httpStatus(ex.status()).authSchemes(ex.schemes()).retries(ex.retries())
        .timing(ex.startOffset(), ex.duration()).protocol(AutodiscoverProtocol.SOAP);
  }

  private synchronized void add(Attempt attempt) {
    attempts.add(attempt);
  }

  private synchronized void addAll(List<Attempt> more) {
    attempts.addAll(more);
  }

  private synchronized AttemptTrace trace() {
    return AttemptTrace.of(List.copyOf(attempts));
  }

  private void fail(AutodiscoverException error) {
    result.completeExceptionally(error);
  }

  private Duration offset(long nanos) {
    return Duration.ofNanos(Math.max(0, nanos - startNanos));
  }

  private static String key(URI url) {
    return url.toString().toLowerCase(Locale.ROOT);
  }

}
