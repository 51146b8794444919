package dev.autodiscover.internal.batch;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.Credentials;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.engine.CancelScope;
import dev.autodiscover.internal.http.AuthHeader;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.http.TransportFailure;
import dev.autodiscover.internal.http.WwwAuthenticate;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import org.jspecify.annotations.Nullable;

/**
 * One SOAP {@code GetUserSettings} POST to one URL, with the credential rules of single discovery: anonymous
 * first; after a 401 challenge, credentials only if the trust policy allows the host (user's registrable
 * domain or trusted list), Bearer only to a host in the token's audience, Basic only when configured; timeouts
 * retried as the request says, nothing else retried. Never fails: every problem is an {@link Exchange} value.
 */
final class SoapExchange {
  private static final String USER_AGENT = "autodiscover-java/0.1";

  /** Shared, per-batch collaborators. */
  record Context(HttpTransport transport, SoapCodec codec, TrustPolicy trust, ScheduledExecutorService scheduler,
      CancelScope scope, long batchStartNanos) {}


  /** What came of the POST, with what the trace needs. */
  record Exchange(URI url, int status, List<String> schemes, @Nullable String sentAuth, int retries,
      Duration startOffset, Duration duration, Outcome outcome) {}

  /** The substance of an exchange. */
  sealed interface Outcome permits Parsed, Redirected, Failed {}

  /** A SOAP Autodiscover answer (results, a request-level error, or a fault). */
  record Parsed(SoapResponse<UserSettings> response) implements Outcome {}

  /** An HTTP 3xx with a Location header. */
  record Redirected(int status, String location) implements Outcome {}

  /**
   * Anything else; {@code credentialsWithheld} when a 401 was not answered because the trust policy refused
   * the host (so one-by-one discovery, which can approve hosts, may still succeed).
   */
  record Failed(AttemptOutcome outcome, String detail, boolean credentialsWithheld) implements Outcome {}

  private SoapExchange() {}

  static CompletableFuture<Exchange> post(Context ctx, AutodiscoverRequest request, DiscoveryMethod method, URI url,
      List<String> mailboxes, Set<UserSettingName> settings, Set<String> approvedHosts, Set<String> userDomains) {
    long started = System.nanoTime();
    byte[] body = ctx.codec().getUserSettingsRequest(url, mailboxes, settings, SoapCodec.DEFAULT_SERVER_VERSION);
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    Optional<Credentials> credentials = request.credentials();
    AtomicInteger tries = new AtomicInteger();
    State state = new State();
    Optional<AuthHeader> preAuth = Optional.empty();
    if (request.preAuthenticate() && credentials.isPresent() && ctx.trust().isTrustedHost(host)) {
      preAuth = AuthHeader.choose(credentials.get(), List.of("Bearer", "Basic"), host);
    }
    Optional<AuthHeader> first = preAuth;
    state.sentAuth = first.map(AuthHeader::scheme).orElse(null);
    state.sends = 1;
    String anchor = mailboxes.get(0);
    CompletableFuture<Outcome> outcome = send(ctx, request, method, () -> builder(url, body, first, anchor), tries)
        .thenCompose(response -> {
          if (response.status() != 401 || state.sentAuth != null) {
            return CompletableFuture.completedFuture(classify(ctx, response, state));
          }
          List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
          state.schemes = schemes;
          state.status = 401;
          TrustPolicy.Decision allowed = ctx.trust().credentials(url, approvedHosts, userDomains);
          if (!allowed.allowed()) {
            return CompletableFuture.completedFuture(new Failed(AttemptOutcome.AUTH_REQUIRED, "server asks for "
                + String.join(", ", schemes) + "; credentials withheld: " + allowed.reason(), credentials.isPresent()));
          }
          Optional<AuthHeader> auth = credentials.flatMap(c -> AuthHeader.choose(c, schemes, host));
          if (auth.isEmpty()) {
            return CompletableFuture.completedFuture(new Failed(AttemptOutcome.AUTH_REQUIRED, "server asks for "
                + String.join(", ", schemes) + "; the request has no credentials it may send to " + host, false));
          }
          state.sentAuth = auth.get().scheme();
          state.sends = 2;
          return send(ctx, request, method, () -> builder(url, body, auth, anchor), tries)
              .thenApply(r -> classify(ctx, r, state));
        });
    return outcome.handle((o, failure) -> {
      Outcome result = o;
      if (result == null) {
        TransportFailure f = TransportFailure.classify(failure);
        result = new Failed(f.outcome(), f.detail(), false);
      }
      long now = System.nanoTime();
      return new Exchange(url, state.status, state.schemes, state.sentAuth, Math.max(0, tries.get() - state.sends),
          Duration.ofNanos(Math.max(0, started - ctx.batchStartNanos())), Duration.ofNanos(now - started), result);
    });
  }

  private static CompletableFuture<HttpTransport.Response> send(Context ctx, AutodiscoverRequest request,
      DiscoveryMethod method, Supplier<HttpRequest.Builder> builder, AtomicInteger tries) {
    Duration attempt = request.attemptTimeout(method);
    Duration timeout = attempt.compareTo(request.deadline()) < 0 ? attempt : request.deadline();
    RetryConfig config = RetryConfig.custom()
        .maxAttempts(request.retriesOnTimeout(method) + 1)
        .waitDuration(Duration.ofMillis(20))
        .retryOnException(HttpTransport::isTimeout)
        .build();
    Retry retry = Retry.of("autodiscover-batch", config);
    Supplier<CompletionStage<HttpTransport.Response>> once = () -> {
      if (ctx.scope().isCancelled()) {
        return CompletableFuture.failedFuture(new CancellationException("cancelled"));
      }
      tries.incrementAndGet();
      return ctx.transport().send(builder.get().timeout(timeout).build(), timeout, ctx.scope());
    };
    return Retry.decorateCompletionStage(retry, ctx.scheduler(), once).get().toCompletableFuture();
  }

  private static Outcome classify(Context ctx, HttpTransport.Response response, State state) {
    int status = response.status();
    state.status = status;
    if (status == 401) {
      List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
      if (!schemes.isEmpty()) {
        state.schemes = schemes;
      }
      return new Failed(AttemptOutcome.AUTH_FAILED, "server rejected the " + state.sentAuth + " credentials", false);
    }
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      Optional<String> location = response.header("location");
      return location.<Outcome>map(l -> new Redirected(status, l)).orElseGet(() ->
          new Failed(AttemptOutcome.NOT_FOUND, "HTTP " + status + " without a Location header", false));
    }
    if (status != 200 && status != 500) {
      return new Failed(AttemptOutcome.NOT_FOUND, "HTTP " + status + ": no SOAP Autodiscover service here", false);
    }
    try {
      // A SOAP fault comes with HTTP 500; any other 500 body is no SOAP service.
      return new Parsed(ctx.codec().parseGetUserSettings(response.body(), response.header("content-type").orElse(null)));
    } catch (NotAutodiscoverException e) {
      return new Failed(AttemptOutcome.NOT_FOUND, "HTTP " + status + ", not a SOAP Autodiscover answer: "
          + e.getMessage(), false);
    }
  }

  private static HttpRequest.Builder builder(URI url, byte[] body, Optional<AuthHeader> auth, String anchorMailbox) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url)
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    auth.ifPresent(a -> {
      b.header("Authorization", a.headerValue());
      if (a.scheme().equals("Bearer")) {
        b.header("X-AnchorMailbox", anchorMailbox); // Exchange Online routes bearer requests by it (§7.4)
      }
    });
    return b;
  }

  private static final class State {
    volatile int status;
    volatile int sends;
    volatile @Nullable String sentAuth;
    volatile List<String> schemes = List.of();
  }

}
