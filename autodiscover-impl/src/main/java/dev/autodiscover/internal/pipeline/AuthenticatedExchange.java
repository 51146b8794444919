package dev.autodiscover.internal.pipeline;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.Credentials;
import dev.autodiscover.internal.http.AuthHeader;
import dev.autodiscover.internal.http.BearerChallenge;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.internal.http.TransportFailure;
import dev.autodiscover.internal.http.WwwAuthenticate;
import dev.autodiscover.internal.http.XmlPost;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.trust.TrustPolicy;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import org.jspecify.annotations.Nullable;

/**
 * One authenticated XML POST (POX, SOAP {@code GetUserSettings}, SOAP {@code GetDomainSettings}) for every
 * kind of run: anonymous first, unless the trust policy allows pre-authentication (https, and a trusted host
 * or one that accepted the credentials earlier in the run); after a 401 the challenge is parsed (schemes and
 * a Bearer challenge's {@code authorization_uri}), the trust policy alone decides whether credentials may go
 * to the host, and a {@link ChallengeResponder} picks the header (Bearer only within the token's audience,
 * Basic only when configured). Sends go through {@link Sender} (deadline-capped, retried on timeout). Generic
 * over what the answer body is read into. Never completes exceptionally. Stateless and thread-safe.
 */
public final class AuthenticatedExchange {

  /**
   * Reads an answer that is neither a 401 nor a redirect.
   *
   * @param <T> what the body is read into
   */
  @FunctionalInterface
  public interface BodyReader<T> {
    /**
     * Reads the answer.
     *
     * @param response the response
     * @return an {@link Answer}, or a {@link Failed} when the body is no answer of the expected kind
     */
    Outcome<T> read(HttpTransport.Response response);
  }

  /**
   * Parses a SOAP answer body (one of {@code SoapCodec}'s parse methods).
   *
   * @param <S> the settings type
   */
  @FunctionalInterface
  public interface SoapParser<S> {
    /**
     * Parses an answer.
     *
     * @param body the body
     * @param contentType the {@code Content-Type}, or null
     * @return the answer
     * @throws NotAutodiscoverException when the body is no SOAP Autodiscover answer
     */
    SoapResponse<S> parse(byte[] body, @Nullable String contentType) throws NotAutodiscoverException;
  }

  /**
   * Answers a challenge with credentials. Today one responder answers in one leg (Bearer or Basic). The seam
   * for a multi-leg handshake (NTLM, Negotiate): a responder that returns the next leg for a challenge's
   * token68 and asks the exchange to keep the connection for the next send; the exchange then loops while
   * the responder has a next leg.
   */
  @FunctionalInterface
  public interface ChallengeResponder {
    /**
     * Picks the {@code Authorization} header for a challenge.
     *
     * @param challenges the parsed {@code WWW-Authenticate} challenges
     * @param credentials the request's credentials
     * @param host the lower-case host asked
     * @return the header, or empty when these credentials cannot answer
     */
    Optional<AuthHeader> respond(List<WwwAuthenticate.Challenge> challenges, Credentials credentials, String host);
  }

  /** The single-leg responder: Bearer for a host in the token's audience, else opt-in Basic. */
  static final ChallengeResponder SINGLE_LEG = (challenges, credentials, host) ->
      AuthHeader.choose(credentials, challenges.stream().map(WwwAuthenticate.Challenge::scheme).toList(), host);

  /**
   * What one exchange needs from its run.
   *
   * @param send how requests are sent
   * @param credentials the request's credentials, if any
   * @param preAuthenticate whether the request allows pre-authentication
   * @param guard the run's trust policy and hosts
   */
  public record Context(Sender.Context send, Optional<Credentials> credentials, boolean preAuthenticate,
      RedirectGuard guard) {}

  /**
   * What came of an exchange, with what the trace needs.
   *
   * @param url the URL posted to
   * @param status the last HTTP status (0 when none arrived)
   * @param schemes the schemes of the last 401 challenge
   * @param authorizationUri a Bearer challenge's {@code authorization_uri}, or null
   * @param sentAuth the scheme of the credentials sent, or null
   * @param retries retries after timeouts
   * @param outcome the substance
   * @param <T> what the body was read into
   */
  public record Result<T>(URI url, int status, List<String> schemes, @Nullable URI authorizationUri,
      @Nullable String sentAuth, int retries, Outcome<T> outcome) {}

  /**
   * The substance of an exchange.
   *
   * @param <T> what the body was read into
   */
  public sealed interface Outcome<T> permits Answer, Redirect, Failed {}

  /**
   * An answer read by the body reader.
   *
   * @param value what it was read into
   * @param <T> its type
   */
  public record Answer<T>(T value) implements Outcome<T> {}

  /**
   * An HTTP 3xx with a {@code Location}.
   *
   * @param status the status
   * @param location the header as sent
   * @param <T> unused
   */
  public record Redirect<T>(int status, String location) implements Outcome<T> {}

  /**
   * Anything else.
   *
   * @param outcome the trace outcome
   * @param detail what happened
   * @param credentialsWithheld whether a 401 went unanswered because the trust policy refused the host
   *     although credentials were configured
   * @param unspoken whether the server answered, but not in the protocol asked (another protocol may work)
   * @param <T> unused
   */
  public record Failed<T>(AttemptOutcome outcome, String detail, boolean credentialsWithheld, boolean unspoken)
      implements Outcome<T> {
    /**
     * A failure that is neither withheld credentials nor an unspoken protocol.
     *
     * @param outcome the trace outcome
     * @param detail what happened
     */
    public Failed(AttemptOutcome outcome, String detail) {
      this(outcome, detail, false, false);
    }
  }

  private AuthenticatedExchange() {}

  /**
   * POSTs an XML body.
   *
   * @param ctx the run's context
   * @param url the URL
   * @param body the body
   * @param anchorMailbox the {@code X-AnchorMailbox} sent with a Bearer token
   * @param reader reads answers that are neither 401 nor 3xx
   * @param <T> what the body is read into
   * @return the result; never completes exceptionally (cancellation is a failed outcome)
   */
  public static <T> CompletableFuture<Result<T>> post(Context ctx, URI url, byte[] body, String anchorMailbox,
      BodyReader<T> reader) {
    String host = url.getHost() == null ? "" : url.getHost().toLowerCase(Locale.ROOT);
    TrustPolicy trust = ctx.guard().trust();
    AtomicInteger tries = new AtomicInteger();
    State state = new State();
    Optional<AuthHeader> first = Optional.empty();
    if (ctx.preAuthenticate() && ctx.credentials().isPresent()
        && trust.preAuthentication(url, ctx.guard().credentialHosts()).allowed()) {
      first = AuthHeader.choose(ctx.credentials().get(), List.of("Bearer", "Basic"), host);
    }
    Optional<AuthHeader> preAuth = first;
    state.sentAuth = preAuth.map(AuthHeader::scheme).orElse(null);
    state.sends = 1;
    CompletableFuture<Outcome<T>> outcome = Sender.send(ctx.send(),
        () -> XmlPost.builder(url, body, preAuth, anchorMailbox), tries).thenCompose(response -> {
          if (response.status() != 401 || state.sentAuth != null) {
            return CompletableFuture.completedFuture(classify(ctx, reader, response, state, host));
          }
          List<WwwAuthenticate.Challenge> challenges = WwwAuthenticate.parse(response.headers("www-authenticate"));
          List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
          state.schemes = schemes;
          state.status = 401;
          URI authorizationUri = BearerChallenge.parse(response.headers("www-authenticate"))
              .flatMap(BearerChallenge::authorizationUri).orElse(null);
          state.authorizationUri = authorizationUri;
          TrustPolicy.Decision allowed = ctx.guard().credentials(url);
          if (!allowed.allowed()) {
            return done(new Failed<>(AttemptOutcome.AUTH_REQUIRED, "server asks for " + String.join(", ", schemes)
                + "; credentials withheld: " + allowed.reason(), ctx.credentials().isPresent(), false));
          }
          Optional<AuthHeader> auth = ctx.credentials().flatMap(c -> SINGLE_LEG.respond(challenges, c, host));
          if (auth.isEmpty()) {
            boolean audience = ctx.credentials().flatMap(c -> c.bearerTokenSupplier()
                .map(s -> !c.bearerAudience().contains(host))).orElse(false)
                && schemes.stream().anyMatch(s -> s.equalsIgnoreCase("Bearer"));
            return done(new Failed<>(AttemptOutcome.AUTH_REQUIRED, "server asks for " + String.join(", ", schemes)
                + "; the request has no credentials for " + (schemes.size() == 1 ? "it" : "any of them")
                + (audience ? " (the bearer token's audience does not include " + host + ")" : "")
                + (authorizationUri == null ? "" : "; a token can be obtained from " + BearerChallenge.describe(authorizationUri))));
          }
          state.sentAuth = auth.get().scheme();
          state.sends = 2;
          return Sender.send(ctx.send(), () -> XmlPost.builder(url, body, auth, anchorMailbox), tries)
              .thenApply(r -> classify(ctx, reader, r, state, host));
        });
    return outcome.handle((o, failure) -> {
      Outcome<T> result = o;
      if (result == null) {
        TransportFailure f = TransportFailure.classify(failure);
        result = new Failed<>(f.outcome(), f.detail());
      }
      return new Result<>(url, state.status, state.schemes, state.authorizationUri, state.sentAuth,
          Math.max(0, tries.get() - state.sends), result);
    });
  }

  /**
   * A reader of SOAP answers: HTTP 200, or 500 with a fault; anything else is not found.
   *
   * @param parser the codec's parse method
   * @param <S> the settings type
   * @return the reader
   */
  public static <S> BodyReader<SoapResponse<S>> soap(SoapParser<S> parser) {
    return response -> {
      int status = response.status();
      if (status != 200 && status != 500) {
        return new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + ": no SOAP Autodiscover service here");
      }
      try {
        return new Answer<>(parser.parse(response.body(), response.header("content-type").orElse(null)));
      } catch (NotAutodiscoverException e) {
        return new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + ", not a SOAP Autodiscover answer: "
            + e.getMessage());
      }
    };
  }

  private static <T> Outcome<T> classify(Context ctx, BodyReader<T> reader, HttpTransport.Response response,
      State state, String host) {
    int status = response.status();
    state.status = status;
    if (status == 401) {
      List<String> schemes = WwwAuthenticate.schemes(response.headers("www-authenticate"));
      if (!schemes.isEmpty()) {
        state.schemes = schemes;
      }
      return new Failed<>(AttemptOutcome.AUTH_FAILED, "server rejected the " + state.sentAuth + " credentials");
    }
    if (state.sentAuth != null && status < 400) {
      ctx.guard().credentialHosts().add(host);
    }
    if (Sender.isRedirect(status)) {
      Optional<String> location = response.header("location");
      return location.<Outcome<T>>map(l -> new Redirect<>(status, l)).orElseGet(() ->
          new Failed<>(AttemptOutcome.NOT_FOUND, "HTTP " + status + " without a Location header"));
    }
    return reader.read(response);
  }

  private static <T> CompletableFuture<Outcome<T>> done(Outcome<T> outcome) {
    return CompletableFuture.completedFuture(outcome);
  }

  private static final class State {
    volatile int status;
    volatile int sends;
    volatile @Nullable String sentAuth;
    volatile List<String> schemes = List.of();
    volatile @Nullable URI authorizationUri;
  }
}
