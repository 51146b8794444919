package dev.autodiscover.internal.engine;

import java.net.URI;
import dev.autodiscover.internal.pipeline.SettingsUrls;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.internal.http.TransportFailure;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import org.jspecify.annotations.Nullable;

/**
 * One POX or SOAP POST of single discovery to one URL as a single trace attempt, through the pipeline's
 * {@link AuthenticatedExchange}; this class only turns its result into a {@link Step} and the attempt's record.
 */
final class PostExchange {

  private PostExchange() {}

  /**
   * POSTs the wire's request for the context's address to a URL; {@code note} (or null) opens the attempt's
   * detail, for example to say why this protocol is being tried.
   */
  static CompletableFuture<Step> post(StrategyContext ctx, URI url, Wire wire, @Nullable String note) {
    Run run = ctx.run();
    TraceRecorder.InFlight inFlight = ctx.startAttempt("POST", url);
    byte[] body = wire.body(ctx, url);
    return AuthenticatedExchange.<Step>post(ctx.exchangeContext(), url, body, ctx.address().toString(),
        response -> new AuthenticatedExchange.Answer<>(wire.read(run, response))).thenApply(result -> {
          Step s = step(result);
          dev.autodiscover.Attempt.Builder b = inFlight.builder(s.outcome())
              .httpStatus(result.status())
              .retries(result.retries())
              .authSchemes(result.schemes())
              .authorizationUri(result.authorizationUri())
              .protocol(wire.protocol());
          describe(s, b, result.sentAuth(), note);
          inFlight.end(b.build());
          return s;
        });
  }

  private static Step step(AuthenticatedExchange.Result<Step> result) {
    if (result.outcome() instanceof AuthenticatedExchange.Answer<Step> a) {
      return a.value();
    }
    if (result.outcome() instanceof AuthenticatedExchange.Redirect<Step> r) {
      return new Step.HttpRedirect(r.status(), r.location());
    }
    AuthenticatedExchange.Failed<Step> f = (AuthenticatedExchange.Failed<Step>) result.outcome();
    boolean auth = f.outcome() == AttemptOutcome.AUTH_REQUIRED || f.outcome() == AttemptOutcome.AUTH_FAILED;
    return new Step.Failed(f.outcome(), f.detail(), auth ? result.schemes() : List.of(),
        f.outcome() == AttemptOutcome.AUTH_REQUIRED ? result.authorizationUri() : null);
  }

  private static void describe(Step s, dev.autodiscover.Attempt.Builder b, @Nullable String sentAuth,
      @Nullable String note) {
    String auth = sentAuth == null ? "" : " (authenticated with " + sentAuth + ")";
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
    if (s instanceof Step.Settings settings) {
      detail = SettingsUrls.join(detail, SettingsUrls.refused(settings.settings(), settings.userSettings()));
    }
    b.detail(note == null ? detail : detail == null ? note : note + "; " + detail);
  }

  static Step failedStep(Throwable failure) {
    TransportFailure f = TransportFailure.classify(failure);
    return new Step.Failed(f.outcome(), f.detail(), List.of());
  }
}
