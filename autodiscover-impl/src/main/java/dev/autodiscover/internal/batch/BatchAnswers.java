package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.NetworkLocation;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.batch.BatchParts.Domain;
import dev.autodiscover.internal.batch.BatchParts.Pending;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;
import dev.autodiscover.internal.pipeline.Failures;
import dev.autodiscover.internal.pipeline.Posted;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapResult;

/** What a {@link BatchRun} does with the outcome of a SOAP post and an answer's per-user results. Stateless. */
final class BatchAnswers {
  private BatchAnswers() {}

  static void onAnswer(BatchRun run, Domain domain, List<Pending> users, int hops, boolean retried, Posted<SoapResponse<UserSettings>> ex,
      String what, List<SoapResult<UserSettings>> results) {
    Map<String, List<Pending>> redirects = new LinkedHashMap<>();
    int answered = Math.min(results.size(), users.size());
    for (int i = 0; i < answered; i++) {
      Pending p = users.get(i);
      SoapResult<UserSettings> r = results.get(i);
      if (r instanceof SoapResult.Settings<UserSettings> s) {
        UserSettings settings = run.values().settings(s.settings());
        Pending done = p.plus(BatchParts.settings(ex, p, what, settings, run.values()));
        EwsUrl ews = run.values().ewsUrl(settings.externalEwsUrl()
            .map(u -> new EwsUrl(u, NetworkLocation.EXTERNAL, "EXPR"))
            .or(() -> settings.internalEwsUrl().map(u -> new EwsUrl(u, NetworkLocation.INTERNAL, "EXCH"))).orElse(null));
        run.complete(p.member().index(), ApiAccess.get().batchSucceeded(p.member().input(), p.member().address(), settings, ews,
            ex.url(), AttemptTrace.of(done.attempts())));
      } else if (r instanceof SoapResult.RedirectAddress<UserSettings> ra) {
        Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.REDIRECT_ADDRESS).redirectTarget(ra.address())
            .detail(what).build());
        run.followUps().redirectAddress(domain, next, ex.url(), ra.address(), hops + 1);
      } else if (r instanceof SoapResult.RedirectUrl<UserSettings> ru) {
        redirects.computeIfAbsent(ru.url(), u -> new ArrayList<>())
            .add(p.plus(BatchParts.attempt(ex, p, AttemptOutcome.REDIRECT_URL).redirectTarget(ru.url()).detail(what).build()));
      } else {
        SoapResult.Error<UserSettings> e = (SoapResult.Error<UserSettings>) r;
        Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(e.errorCode()), e.errorCode() + ": " + e.message()).detail(what).build());
        run.fail(next, BatchParts.errorResponse(next, ex.url(), e.errorCode(), e.message(), "the server answered ErrorCode "
            + e.errorCode() + " for " + p.member().address()), List.of());
      }
    }
    redirects.forEach((target, group) -> run.followUps().redirectUrl(domain, ex.url(), target, group, hops + 1));
    if (answered < users.size()) {
      List<Pending> rest = users.subList(answered, users.size());
      if (answered == 0) {
        for (Pending p : rest) {
          Pending next = p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
              .detail(what + ": the answer has no UserResponse for this user").build());
          run.fail(next, ApiAccess.get().notFound("the SOAP answer from " + ex.url() + " has no result for "
              + p.member().address(), AttemptTrace.of(next.attempts())), List.of());
        }
      } else {
        // Throttled servers answer fewer users than asked; ask again for the trailing ones (protocol.md §4.3).
        run.post(domain, ex.url(), rest.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
            .detail(what + ": not answered (throttled); asked again").build())).toList(), hops, retried);
      }
    }
  }

  /** What the batch does with the outcome of one SOAP post for {@code users}. */
  static void onExchange(BatchRun run, Domain domain, List<Pending> users, int hops, boolean retried,
      Posted<SoapResponse<UserSettings>> ex) {
    String what = run.values().text("SOAP GetUserSettings for " + users.size() + (users.size() == 1 ? " user" : " users")
        + (ex.sentAuth() == null ? "" : " (authenticated with " + ex.sentAuth() + ")"));
    if (ex.r().outcome() instanceof AuthenticatedExchange.Answer<SoapResponse<UserSettings>> parsed) {
      SoapResponse<UserSettings> response = parsed.value();
      if (response instanceof SoapResponse.Answer<UserSettings> answer) {
        onAnswer(run, domain, users, hops, retried, ex, what, answer.results());
      } else if (response instanceof SoapResponse.RequestError<UserSettings> error) {
        String detail = what + ": the whole request failed with ErrorCode " + error.errorCode();
        List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.ERROR_RESPONSE)
            .error(SoapMapping.poxErrorCode(error.errorCode()), error.errorCode() + ": " + error.message())
            .detail(detail).build())).toList();
        if (!retried && !error.errorCode().equals("InvalidRequest")) {
          CompletableFuture.delayedExecutor(BatchRun.BUSY_PAUSE.toMillis(), TimeUnit.MILLISECONDS, run.scheduler())
              .execute(() -> run.post(domain, ex.url(), next, hops, true));
          return;
        }
        next.forEach(p -> run.fail(p, BatchParts.errorResponse(p, ex.url(), error.errorCode(), error.message(),
            "the server answered the batch request for " + p.member().address() + " with ErrorCode "
                + error.errorCode() + (retried ? " again after a pause" : "")), List.of()));
      } else {
        SoapResponse.Fault<UserSettings> fault = (SoapResponse.Fault<UserSettings>) response;
        String detail = what + ": SOAP fault " + fault.code() + " (" + fault.reason() + "); falling back to POX per user";
        run.followUps().fallback(domain, users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.NOT_FOUND)
            .detail(detail).build())).toList());
      }
    } else if (ex.r().outcome() instanceof AuthenticatedExchange.Redirect<SoapResponse<UserSettings>> redirect) {
      List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, AttemptOutcome.HTTP_REDIRECT)
          .redirectTarget(redirect.location()).detail(what).build())).toList();
      run.followUps().redirectUrl(domain, ex.url(), redirect.location(), next, hops + 1);
    } else {
      AuthenticatedExchange.Failed<SoapResponse<UserSettings>> failed =
          (AuthenticatedExchange.Failed<SoapResponse<UserSettings>>) ex.r().outcome();
      boolean fallback = failed.outcome() == AttemptOutcome.NOT_FOUND
          || (failed.outcome() == AttemptOutcome.AUTH_REQUIRED && failed.credentialsWithheld());
      String detail = what + ": " + failed.detail() + (fallback ? "; falling back to POX per user" : "");
      List<Pending> next = users.stream().map(p -> p.plus(BatchParts.attempt(ex, p, failed.outcome())
          .detail(detail).build())).toList();
      if (fallback) {
        run.followUps().fallback(domain, next);
        return;
      }
      for (Pending p : next) {
        AttemptTrace trace = AttemptTrace.of(p.attempts());
        String message = "SOAP Autodiscover for " + p.member().address() + " at " + ex.url() + " failed: "
            + failed.detail();
        AutodiscoverException error = Failures.ofExchange(failed.outcome(), message, trace, ex.schemes(),
            ex.r().authorizationUri(), domain.request().attemptTimeoutFor(domain.method()), null);
        run.fail(p, error, List.of());
      }
    }
  }
}
