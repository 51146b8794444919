package dev.autodiscover.internal.pipeline;

import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverTimeoutException;
import dev.autodiscover.internal.http.BearerChallenge;
import org.jspecify.annotations.Nullable;

/**
 * The one mapping from failures to the {@link AutodiscoverException} a caller gets, for every kind of run:
 * whatever a run's future failed with, and a failed exchange of a batch or domain-settings run. Stateless.
 */
public final class Failures {
  private Failures() {}

  /**
   * The Autodiscover exception inside {@code failure} (unwrapping {@link CompletionException}s); a
   * cancellation or anything else becomes a plain {@link AutodiscoverException} with an empty trace that
   * names {@code what} ran.
   */
  public static AutodiscoverException of(@Nullable Throwable failure, String what) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof AutodiscoverException e) {
      return e;
    }
    if (t instanceof CancellationException) {
      return ApiAccess.get().failure(what + " was cancelled.", AttemptTrace.of(List.of()), t);
    }
    return ApiAccess.get().failure(what + " failed unexpectedly: " + (t == null ? "unknown" : t),
        AttemptTrace.of(List.of()), t);
  }

  /**
   * The exception for an exchange of a batch or domain-settings run that failed with {@code outcome}.
   *
   * @param outcome the exchange's trace outcome
   * @param message says what failed where; a hint is appended
   * @param trace the trace of the affected user or run
   * @param schemes the schemes the server offered
   * @param authorizationUri a Bearer challenge's {@code authorization_uri}, or null
   * @param attemptTimeout the attempt timeout that applied, for a timeout
   * @param notFound the message of a not-found failure, or null to use {@code message}
   * @return an authentication exception for {@code auth-required} and {@code auth-failed}, a timeout
   *     exception for {@code timeout}, else a not-found exception
   */
  public static AutodiscoverException ofExchange(AttemptOutcome outcome, String message, AttemptTrace trace,
      List<String> schemes, @Nullable URI authorizationUri, Duration attemptTimeout, @Nullable String notFound) {
    return switch (outcome) {
      case AUTH_REQUIRED -> ApiAccess.get().authentication(message + ". Configure credentials the server "
          + "accepts (" + String.join(", ", schemes) + ")"
          + (authorizationUri == null ? "" : "; get a bearer token from " + BearerChallenge.describe(authorizationUri)), trace, schemes, false,
          authorizationUri);
      case AUTH_FAILED -> ApiAccess.get().authentication(message + ". Check the user name and password or "
          + "token", trace, schemes, true, authorizationUri);
      case TIMEOUT -> ApiAccess.get().timeout(message + ". Raise attemptTimeout if the server is slow", trace,
          attemptTimeout);
      case NOT_FOUND -> ApiAccess.get().notFound(notFound == null ? message : notFound, trace);
      default -> ApiAccess.get().notFound(message, trace);
    };
  }
}
