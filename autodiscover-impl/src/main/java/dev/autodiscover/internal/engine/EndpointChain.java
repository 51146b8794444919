package dev.autodiscover.internal.engine;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.trust.TrustPolicy;

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
        return ask(ctx, other, wire.other(), false, hopsUsed, path, why).thenApply(r ->
            r instanceof ChainResult.Failed g && g.kind() == ChainResult.Failed.Kind.NOT_FOUND
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
    return follow(ctx, from, rawTarget, hopsUsed, path, Link.POST);
  }

  /** The kind of request a redirect leads to: its path rule in the trust policy and how the target is asked. */
  enum Link {
    /** A POX or SOAP POST (the protocol choice and the target's path decide which). */
    POST,
    /** An Autodiscover v2 GET to {@code .../autodiscover/autodiscover.json...}. */
    V2
  }

  /**
   * Checks a redirect target against budget, loops and the trust policy, then asks it with the link's
   * protocol. {@code path} holds the URLs of this chain so far, {@code from} included.
   */
  static CompletableFuture<ChainResult> follow(StrategyContext ctx, URI from, String rawTarget, int hopsUsed,
      List<String> path, Link link) {
    Run run = ctx.run();
    URI target;
    try {
      target = from.resolve(new URI(rawTarget.strip()));
    } catch (URISyntaxException | IllegalArgumentException e) {
      refuse(ctx, from, rawTarget, null, "malformed redirect target");
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "malformed redirect target " + rawTarget));
    }
    if (hopsUsed + 1 > ctx.round().hopBudget()) {
      refuse(ctx, from, target.toString(), target, "redirect limit of " + run.request().maxRedirects() + " reached");
      List<String> chain = new ArrayList<>(run.hopChain());
      chain.addAll(path);
      chain.add(target.toString());
      return done(new ChainResult.RedirectLimit(chain));
    }
    String key = key(target);
    if (path.stream().anyMatch(p -> key(p).equals(key))) {
      refuse(ctx, from, target.toString(), target, "redirect loop: " + target + " was already tried in this chain");
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.LOOP, "redirect loop back to " + target));
    }
    RedirectProposal proposal = new RedirectProposal(ctx.address(), ctx.method(), from, target);
    TrustPolicy.Decision decision = link == Link.V2
        ? run.trust().redirectV2(proposal, run.approvedHosts(), run.userDomains())
        : run.trust().redirect(proposal, run.approvedHosts(), run.userDomains());
    run.recorder().redirect(ctx.method(), from.toString(), target.toString(), decision.allowed(), decision.reason());
    if (!decision.allowed()) {
      ctx.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, target, decision.reason());
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "redirect to " + target + " refused: " + decision.reason()));
    }
    return link == Link.V2 ? V2Exchange.get(ctx, target, hopsUsed + 1, path) : walk(ctx, target, hopsUsed + 1, path);
  }

  private static void refuse(StrategyContext ctx, URI from, String to, @org.jspecify.annotations.Nullable URI target, String reason) {
    ctx.run().recorder().redirect(ctx.method(), from.toString(), to, false, reason);
    ctx.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, target, reason);
  }

  /** Normalised form for loop and duplicate detection: scheme and host lower case, path case-insensitive. */
  static String key(URI uri) {
    return key(uri.toString());
  }

  static String key(String uri) {
    try {
      URI u = new URI(uri);
      int port = u.getPort();
      String scheme = String.valueOf(u.getScheme()).toLowerCase(Locale.ROOT);
      if (port == -1) {
        port = scheme.equals("https") ? 443 : 80;
      }
      return scheme + "://" + String.valueOf(u.getHost()).toLowerCase(Locale.ROOT) + ":" + port
          + String.valueOf(u.getPath()).toLowerCase(Locale.ROOT) + (u.getRawQuery() == null ? "" : "?" + u.getRawQuery());
    } catch (URISyntaxException e) {
      return uri.toLowerCase(Locale.ROOT);
    }
  }

  private static CompletableFuture<ChainResult> done(ChainResult r) {
    return CompletableFuture.completedFuture(r);
  }
}
