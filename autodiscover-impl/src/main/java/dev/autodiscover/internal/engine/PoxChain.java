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
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Walks one candidate: POST, then follow HTTP 3xx and {@code redirectUrl} answers through the trust policy
 * until settings, an address redirect, an error answer, or a dead end. Every decision lands in the trace.
 */
final class PoxChain {
  private PoxChain() {}

  static CompletableFuture<ChainResult> walk(StrategyContext ctx, URI url, int hopsUsed, List<String> path) {
    if (ctx.scope().isCancelled()) {
      return CompletableFuture.completedFuture(ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED, "cancelled"));
    }
    return ctx.round().postOnce(ctx, url).thenCompose(step -> {
      if (step instanceof Step.Settings s) {
        return done(new ChainResult.Settings(s.settings(), url, ctx.method()));
      }
      if (step instanceof Step.Error e) {
        return done(new ChainResult.ErrorResponse(e.error(), url));
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
        return follow(ctx, url, r.url(), hopsUsed, next);
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
          f.outcome().code() + " at " + url + ": " + f.detail(), f.authorizationUri());
      if (kind == ChainResult.Failed.Kind.AUTH_REQUIRED
          && f.authSchemes().stream().anyMatch(s -> s.equalsIgnoreCase("Bearer"))) {
        // Exchange Online wants OAuth for POX and SOAP; Autodiscover v2 at the same host needs no credentials
        // and still gives the EWS URL (protocol.md §2.10, §5).
        return V2Exchange.discover(ctx, url.getHost(), hopsUsed, path)
            .thenApply(v2 -> v2 instanceof ChainResult.Failed ? failed : v2);
      }
      return done(failed);
    });
  }

  /** Checks a POX redirect target against budget, loops and the trust policy, then walks it. */
  static CompletableFuture<ChainResult> follow(StrategyContext ctx, URI from, String rawTarget, int hopsUsed, List<String> path) {
    return follow(ctx, from, rawTarget, hopsUsed, path, Link.POX);
  }

  /** The kind of request a redirect leads to: its path rule in the trust policy and how the target is asked. */
  enum Link {
    /** A POX POST to {@code .../autodiscover/autodiscover.xml}. */
    POX,
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
