package dev.autodiscover.internal.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.internal.pipeline.RedirectGuard;

/**
 * Walks one candidate: POST (POX or SOAP, as the request's protocol choice says) or v2 GET, then follow HTTP
 * 3xx and {@code RedirectUrl} answers through the trust policy until settings, an address redirect, an error
 * answer, or a dead end. Every decision, and every switch of protocol, lands in the trace.
 */
final class EndpointChain {
  private EndpointChain() {}

  /**
   * Asks a candidate or redirect target in the request's protocol choice (protocol.md §4.1, §4.8): POX or
   * SOAP at this protocol's form of the URL, v2 at its host, or in AUTO the protocol the URL names with the
   * other one as fallback when the endpoint does not speak it.
   */
  static CompletableFuture<ChainResult> walk(StrategyContext ctx, URI url, int hopsUsed, List<String> path) {
    if (ctx.scope().isCancelled()) {
      return CompletableFuture.completedFuture(ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED, "cancelled"));
    }
    ProtocolChoice choice = ctx.run().request().protocol();
    return switch (choice) {
      case JSON_V2 -> V2Exchange.discover(ctx, hostAndPort(url), hopsUsed, path);
      case POX -> ask(ctx, formOr(Wire.POX, url), Wire.POX, false, hopsUsed, path, null);
      case SOAP -> ask(ctx, formOr(Wire.SOAP, url), Wire.SOAP, false, hopsUsed, path, null);
      case AUTO -> ask(ctx, url, Wire.named(url), true, hopsUsed, path, null);
    };
  }

  private static URI formOr(Wire wire, URI url) {
    URI form = wire.formOf(url);
    return form == null ? url : form;
  }

  private static String hostAndPort(URI url) {
    return url.getHost() + (url.getPort() == -1 ? "" : ":" + url.getPort());
  }

  private static CompletableFuture<ChainResult> ask(StrategyContext ctx, URI url, Wire wire, boolean mayFallBack,
      int hopsUsed, List<String> path, @org.jspecify.annotations.Nullable String note) {
    return ctx.round().postOnce(ctx, url, wire, note).thenCompose(step -> {
      URI other = wire.other().formOf(url);
      if (mayFallBack && other != null && step instanceof Step.Failed f && f.unspoken() && !ctx.scope().isCancelled()) {
        String why = "switched to " + wire.other().protocol() + ": " + url + " does not speak " + wire.protocol()
            + " (" + f.detail() + ")";
        String first = wire.protocol() + " " + f.outcome().code() + " at " + url + ": " + f.detail();
        // In Outlook's walk this method has failed here: what follows the switch holds no priority.
        String unserved = wire.protocol() + " is not served at " + url;
        return ctx.switchedProtocol(unserved, other, () -> ask(ctx, other, wire.other(), false, hopsUsed, path, why))
            .thenApply(r -> r instanceof ChainResult.Failed g && g.kind() == ChainResult.Failed.Kind.NOT_FOUND
                ? new ChainResult.Failed(g.kind(), g.authSchemes(), first + "; then " + g.summary(), g.authorizationUri())
                : r);
      }
      return answer(ctx, url, wire, step, hopsUsed, path);
    });
  }

  private static CompletableFuture<ChainResult> answer(StrategyContext ctx, URI url, Wire wire, Step step,
      int hopsUsed, List<String> path) {
    if (step instanceof Step.Settings s) {
      return done(new ChainResult.Settings(s.settings(), s.userSettings(), url, ctx.method(), s.protocol()));
    }
    if (step instanceof Step.Error e) {
      return done(new ChainResult.ErrorResponse(e.error(), url, e.soapErrorCode()));
    }
    if (step instanceof Step.RedirectAddress r) {
      try {
        EmailAddress target = EmailAddress.parse(r.address());
        return done(new ChainResult.RedirectAddress(target, url, hopsUsed, ctx.method()));
      } catch (InvalidEmailAddressException ex) {
        return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND,
            "redirectAddr to an unusable address: " + ex.getMessage()));
      }
    }
    List<String> next = new ArrayList<>(path);
    next.add(url.toString());
    if (step instanceof Step.RedirectUrl r) {
      // A redirectUrl answers for this user only: whatever it leads to is not the domain's endpoint.
      return follow(ctx, url, r.url(), hopsUsed, next)
          .thenApply(result -> result instanceof ChainResult.Settings s ? s.markedViaUserRedirect() : result);
    }
    if (step instanceof Step.HttpRedirect r) {
      return follow(ctx, url, r.location(), hopsUsed, next);
    }
    Step.Failed f = (Step.Failed) step;
    ChainResult.Failed.Kind kind = switch (f.outcome()) {
      case AUTH_REQUIRED -> ChainResult.Failed.Kind.AUTH_REQUIRED;
      case AUTH_FAILED -> ChainResult.Failed.Kind.AUTH_FAILED;
      case CANCELLED -> ChainResult.Failed.Kind.CANCELLED;
      default -> ChainResult.Failed.Kind.NOT_FOUND;
    };
    ChainResult.Failed failed = new ChainResult.Failed(kind, f.authSchemes(),
        (wire == Wire.SOAP ? "SOAP " : "") + f.outcome().code() + " at " + url + ": " + f.detail(), f.authorizationUri());
    if (kind == ChainResult.Failed.Kind.AUTH_REQUIRED
        && f.authSchemes().stream().anyMatch(s -> s.equalsIgnoreCase("Bearer"))) {
      // Exchange Online wants OAuth for POX and SOAP; Autodiscover v2 at the same host needs no credentials
      // and still gives the EWS URL (protocol.md §2.10, §5).
      return V2Exchange.discover(ctx, url.getHost(), hopsUsed, path)
          .thenApply(v2 -> v2 instanceof ChainResult.Failed ? failed : v2);
    }
    return done(failed);
  }

  /** Checks a POX or SOAP redirect target against budget, loops and the trust policy, then walks it. */
  static CompletableFuture<ChainResult> follow(StrategyContext ctx, URI from, String rawTarget, int hopsUsed, List<String> path) {
    return follow(ctx, from, rawTarget, hopsUsed, path, RedirectGuard.Link.POST);
  }

  /**
   * Checks a redirect target with the run's {@link RedirectGuard} (budget, loops, trust), then asks it with
   * the link's protocol. {@code path} holds the URLs of this chain so far, {@code from} included.
   */
  static CompletableFuture<ChainResult> follow(StrategyContext ctx, URI from, String rawTarget, int hopsUsed,
      List<String> path, RedirectGuard.Link link) {
    Run run = ctx.run();
    URI target = RedirectGuard.resolve(from, rawTarget);
    RedirectGuard.Verdict verdict = run.guard().check(ctx.method(), ctx.address(), from, rawTarget, target,
        "malformed redirect target", hopsUsed, ctx.round().hopBudget(), run.env().maxRedirects(), path, link);
    if (verdict instanceof RedirectGuard.Verdict.Follow f) {
      return link == RedirectGuard.Link.V2 ? V2Exchange.get(ctx, f.target(), hopsUsed + 1, path)
          : walk(ctx, f.target(), hopsUsed + 1, path);
    }
    RedirectGuard.Verdict.Stopped stopped = (RedirectGuard.Verdict.Stopped) verdict;
    ctx.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, stopped.target(), stopped.reason());
    return switch (stopped.stop()) {
      case MALFORMED -> done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "malformed redirect target " + rawTarget));
      case LIMIT -> {
        List<String> chain = new ArrayList<>(run.hopChain());
        chain.addAll(path);
        chain.add(String.valueOf(stopped.target()));
        yield done(new ChainResult.RedirectLimit(chain));
      }
      case LOOP -> done(ChainResult.Failed.of(ChainResult.Failed.Kind.LOOP, "redirect loop back to " + stopped.target()));
      case REFUSED -> done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND,
          "redirect to " + stopped.target() + " refused: " + stopped.reason()));
    };
  }

  private static CompletableFuture<ChainResult> done(ChainResult r) {
    return CompletableFuture.completedFuture(r);
  }
}
