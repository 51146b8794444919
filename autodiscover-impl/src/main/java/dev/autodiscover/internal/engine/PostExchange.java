package dev.autodiscover.internal.engine;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.Credentials;
import dev.autodiscover.internal.http.AuthHeader;
import dev.autodiscover.internal.http.XmlPost;
import dev.autodiscover.internal.http.BearerChallenge;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.http.HttpTransport.Response;
import dev.autodiscover.internal.http.TransportFailure;
import dev.autodiscover.internal.http.WwwAuthenticate;
import dev.autodiscover.internal.trust.TrustPolicy;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * One POX or SOAP POST to one URL as a single trace attempt: anonymous first, then (if the host challenges, may
 * receive credentials and offers a scheme we have) once more with credentials; timeouts retried through
 * Resilience4j, nothing else retried.
 */
final class PostExchange {

  private PostExchange() {}

  /** Sends with the method's per-attempt budget (capped by the run's deadline) and its retries on timeout. */
  static CompletableFuture<Response> send(StrategyContext ctx, Supplier<HttpRequest.Builder> request, AtomicInteger tries) {
    Run run = ctx.run();
    int retries = run.request().retriesOnTimeoutFor(ctx.method());
    Duration budget = run.request().attemptTimeoutFor(ctx.method());
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(retries + 1)
        .waitDuration(Duration.ofMillis(20))
        .retryOnException(HttpTransport::isTimeout)
        .build();
    Retry retry = Retry.of("autodiscover-" + ctx.method(), config);
    Supplier<java.util.concurrent.CompletionStage<Response>> attempt = () -> {
      if (ctx.scope().isCancelled()) {
        return CompletableFuture.failedFuture(new CancellationException("cancelled"));
      }
      Duration remaining = run.remaining();
      Duration timeout = remaining.compareTo(budget) < 0 ? remaining : budget;
      if (timeout.isZero() || timeout.isNegative()) {
        run.deadlineReached();
        return CompletableFuture.failedFuture(new CancellationException("deadline reached"));
      }
      boolean cutByDeadline = timeout.compareTo(budget) < 0;
      tries.incrementAndGet();
      CompletableFuture<Response> sent = run.transport().send(request.get().timeout(timeout).build(), timeout, ctx.scope());
      if (cutByDeadline) {
        // This attempt's clock is the run's deadline: its timeout is the deadline passing, whichever timer fires first.
        sent.whenComplete((r, e) -> {
          if (e != null && HttpTransport.isTimeout(e)) {
            run.deadlineReached();
          }
        });
      }
      return sent;
    };
    return Retry.decorateCompletionStage(retry, run.scheduler(), attempt).get().toCompletableFuture();
  }

  /**
   * POSTs the wire's request for the context's address to a URL; {@code note} (or null) opens the attempt's
   * detail, for example to say why this protocol is being tried.
   */
  static CompletableFuture<Step> post(StrategyContext ctx, URI url, Wire wire,
      @org.jspecify.annotations.Nullable String note) {
    Run run = ctx.run();
    TraceRecorder.InFlight inFlight = ctx.startAttempt("POST", url);
    byte[] body = wire.body(ctx, url);
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    Optional<Credentials> credentials = run.request().credentials();
    AtomicInteger tries = new AtomicInteger();
    State state = new State();

    Optional<AuthHeader> preAuth = Optional.empty();
    if (run.request().preAuthenticate() && credentials.isPresent() && "https".equalsIgnoreCase(url.getScheme())
        && (run.trust().isTrustedHost(host) || run.credentialHosts().contains(host))) {
      preAuth = AuthHeader.choose(credentials.get(), List.of("Bearer", "Basic"), host);
    }
    Optional<AuthHeader> first = preAuth;
    state.sentAuth = first.map(AuthHeader::scheme).orElse(null);
    state.sends = 1;
    String anchor = ctx.address().toString();
    CompletableFuture<Step> result = send(ctx, () -> XmlPost.builder(url, body, first, anchor), tries)
        .thenCompose(response -> {
      if (response.status() != 401 || state.sentAuth != null) {
        return CompletableFuture.completedFuture(classify(run, wire, response, state, host));
      }
      List<String> schemes = schemes(response.headers("www-authenticate"));
      state.schemes = schemes;
      state.status = response.status();
      TrustPolicy.Decision allowed = run.trust().credentials(url, run.approvedHosts(), run.userDomains());
      URI authorizationUri = BearerChallenge.parse(response.headers("www-authenticate"))
          .flatMap(BearerChallenge::authorizationUri).orElse(null);
      state.authorizationUri = authorizationUri;
      if (!allowed.allowed()) {
        return CompletableFuture.completedFuture(new Step.Failed(AttemptOutcome.AUTH_REQUIRED,
            "server asks for " + String.join(", ", schemes) + "; credentials withheld: " + allowed.reason(), schemes,
            authorizationUri));
      }
      Optional<AuthHeader> auth = credentials.flatMap(c -> AuthHeader.choose(c, schemes, host));
      if (auth.isEmpty()) {
        boolean audience = credentials.flatMap(c -> c.bearerTokenSupplier().map(s -> !c.bearerAudience().contains(host)))
            .orElse(false) && schemes.stream().anyMatch(s -> s.equalsIgnoreCase("Bearer"));
        return CompletableFuture.completedFuture(new Step.Failed(AttemptOutcome.AUTH_REQUIRED,
            "server asks for " + String.join(", ", schemes) + "; the request has no credentials for "
                + (schemes.size() == 1 ? "it" : "any of them")
                + (audience ? " (the bearer token's audience does not include " + host + ")" : "")
                + (authorizationUri == null ? "" : "; a token can be obtained from " + authorizationUri), schemes,
            authorizationUri));
      }
      state.sentAuth = auth.get().scheme();
      state.sends = 2;
      return send(ctx, () -> XmlPost.builder(url, body, auth, anchor), tries)
          .thenApply(r -> classify(run, wire, r, state, host));
    });
    return result.handle((step, failure) -> {
      Step s = step != null ? step : failedStep(failure);
      List<String> schemes = state.schemes;
      dev.autodiscover.Attempt.Builder b = inFlight.builder(s.outcome())
          .httpStatus(state.status)
          .retries(Math.max(0, tries.get() - state.sends))
          .authSchemes(schemes)
          .authorizationUri(state.authorizationUri)
          .protocol(wire.protocol());
      describe(s, b, state, note);
      inFlight.end(b.build());
      return s;
    });
  }

  private static void describe(Step s, dev.autodiscover.Attempt.Builder b, State state,
      @org.jspecify.annotations.Nullable String note) {
    String auth = state.sentAuth == null ? "" : " (authenticated with " + state.sentAuth + ")";
    String detail = null;
    if (s instanceof Step.Failed f) {
      detail = f.detail();
    } else if (s instanceof Step.Error e) {
      b.error(e.error().errorCode(), e.soapErrorCode() == null ? e.error().message()
          : e.soapErrorCode() + (e.error().message() == null ? "" : ": " + e.error().message()));
      detail = "Autodiscover error answer" + auth;
    } else if (s instanceof Step.RedirectUrl r) {
      b.redirectTarget(r.url());
      detail = auth.isEmpty() ? null : auth.strip();
    } else if (s instanceof Step.RedirectAddress r) {
      b.redirectTarget(r.address());
      detail = auth.isEmpty() ? null : auth.strip();
    } else if (s instanceof Step.HttpRedirect r) {
      b.redirectTarget(r.location());
    } else if (!auth.isEmpty()) {
      detail = auth.strip();
    }
    b.detail(note == null ? detail : detail == null ? note : note + "; " + detail);
  }

  static Step failedStep(Throwable failure) {
    TransportFailure f = TransportFailure.classify(failure);
    return new Step.Failed(f.outcome(), f.detail(), List.of());
  }

  private static final class State {
    volatile int status;
    volatile int sends;
    volatile @org.jspecify.annotations.Nullable String sentAuth;
    volatile List<String> schemes = List.of();
    volatile @org.jspecify.annotations.Nullable URI authorizationUri;
  }

  private static Step classify(Run run, Wire wire, Response response, State state, String host) {
    int status = response.status();
    state.status = status;
    if (status == 401) {
      List<String> schemes = schemes(response.headers("www-authenticate"));
      if (!schemes.isEmpty()) {
        state.schemes = schemes;
      }
      return new Step.Failed(AttemptOutcome.AUTH_FAILED,
          "server rejected the " + state.sentAuth + " credentials", state.schemes);
    }
    if (state.sentAuth != null && status < 400) {
      run.credentialHosts().add(host);
    }
    if (isRedirect(status)) {
      Optional<String> location = response.header("location");
      return location.isPresent() ? new Step.HttpRedirect(status, location.get())
          : new Step.Failed(AttemptOutcome.NOT_FOUND, "HTTP " + status + " without a Location header", List.of());
    }
    return wire.read(run, response);
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }


  /** Scheme names from WWW-Authenticate values, in order, without duplicates or parameters. */
  static List<String> schemes(List<String> challenges) {
    return WwwAuthenticate.schemes(challenges);
  }

}
