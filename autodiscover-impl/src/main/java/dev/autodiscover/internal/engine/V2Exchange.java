package dev.autodiscover.internal.engine;

import dev.autodiscover.internal.pipeline.Sender;
import dev.autodiscover.internal.pipeline.RedirectGuard;

import dev.autodiscover.internal.pipeline.TraceRecorder;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.internal.http.HttpTransport;
import dev.autodiscover.V2Protocol;
import dev.autodiscover.access.ApiAccess;
import dev.autodiscover.internal.v2.V2Response;

/**
 * Autodiscover v2 (protocol.md §5): {@code GET https://<host>/autodiscover/autodiscover.json/v1.0/<email>?Protocol=EWS}
 * with no credentials of any kind, its redirects followed through the trust policy (same budget and loop
 * checks as POX redirects). An endpoint answer becomes settings holding only the EWS URL (as an external
 * {@code EXPR} block). Each GET is one trace attempt.
 */
final class V2Exchange {
  private V2Exchange() {}

  /** Asks {@code host} for the EWS URL of the context's address. */
  static CompletableFuture<ChainResult> discover(StrategyContext ctx, String host, int hopsUsed, List<String> path) {
    URI url;
    try {
      url = ctx.run().v2Codec().requestUrl(host, ctx.address(), ctx.run().request().v2Protocol());
    } catch (IllegalArgumentException e) {
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "no v2 URL for host " + host));
    }
    return get(ctx, url, hopsUsed, new ArrayList<>(path));
  }

  /** GETs one v2 URL; {@code path} holds the URLs of this chain before it. */
  static CompletableFuture<ChainResult> get(StrategyContext ctx, URI url, int hopsUsed, List<String> path) {
    if (ctx.scope().isCancelled()) {
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.CANCELLED, "cancelled"));
    }
    TraceRecorder.InFlight inFlight = ctx.startAttempt("GET", url);
    AtomicInteger tries = new AtomicInteger();
    // Deliberately anonymous: v2 needs no credentials, so none are ever sent with it.
    return Sender.send(ctx.sendContext(), () -> HttpRequest.newBuilder(url).GET()
            .header("Accept", "application/json").header("User-Agent", dev.autodiscover.internal.http.XmlPost.USER_AGENT), tries)
        .handle((response, failure) -> {
          if (failure != null) {
            Step.Failed f = (Step.Failed) PostExchange.failedStep(failure);
            inFlight.end(inFlight.builder(f.outcome()).protocol(AutodiscoverProtocol.JSON_V2)
                .retries(Math.max(0, tries.get() - 1)).detail(f.detail()).build());
            return done(new ChainResult.Failed(f.outcome() == AttemptOutcome.CANCELLED
                ? ChainResult.Failed.Kind.CANCELLED : ChainResult.Failed.Kind.NOT_FOUND, List.of(),
                "v2 " + f.outcome().code() + " at " + url + ": " + f.detail()));
          }
          return answer(ctx, url, hopsUsed, path, inFlight, response, tries.get());
        })
        .thenCompose(f -> f);
  }

  private static CompletableFuture<ChainResult> answer(StrategyContext ctx, URI url, int hopsUsed, List<String> path,
      TraceRecorder.InFlight inFlight, HttpTransport.Response response, int tries) {
    V2Response v2 = ctx.run().v2Codec().parse(response.status(), response.header("location").orElse(null), response.body(),
        response.header("content-type").orElse(null));
    String refused = v2 instanceof V2Response.Endpoint e ? refusal(e.url()) : null;
    Attempt.Builder b = inFlight.builder(refused == null ? outcome(v2) : AttemptOutcome.NOT_FOUND)
        .protocol(AutodiscoverProtocol.JSON_V2).httpStatus(response.status()).retries(Math.max(0, tries - 1));
    if (v2 instanceof V2Response.Endpoint e && refused != null) {
      String reason = "Autodiscover v2 answer refused: its " + e.protocol() + " URL " + refused;
      inFlight.end(b.detail(reason).build());
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "v2 at " + url + ": " + reason));
    }
    if (v2 instanceof V2Response.Endpoint e) {
      inFlight.end(b.detail("Autodiscover v2: " + e.protocol() + " at " + e.url()).build());
      V2Protocol asked = ctx.run().request().v2Protocol();
      ApiAccess api = ApiAccess.get();
      ProtocolSettings block = asked == V2Protocol.EWS
          ? api.protocolSettings("EXPR", Map.of("EwsUrl", e.url().toString()))
          : api.protocolSettings(asked.wireName(), Map.of("Url", e.url().toString()));
      MailboxSettings settings = api.mailboxSettings(api.mailboxUser(Map.of()), Map.of(), List.of(block), List.of(),
          null, "");
      return done(new ChainResult.Settings(settings, null, url, ctx.method(), AutodiscoverProtocol.JSON_V2));
    }
    if (v2 instanceof V2Response.Error e) {
      inFlight.end(b.error(null, e.errorCode() + ": " + e.message()).detail("Autodiscover v2 error " + e.errorCode()).build());
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND,
          "v2 at " + url + " answered " + e.errorCode() + (e.message().isEmpty() ? "" : ": " + e.message())));
    }
    if (v2 instanceof V2Response.NotV2 n) {
      inFlight.end(b.detail("not an Autodiscover v2 answer: " + n.reason()).build());
      return done(ChainResult.Failed.of(ChainResult.Failed.Kind.NOT_FOUND, "no Autodiscover v2 at " + url + ": " + n.reason()));
    }
    V2Response.Redirect r = (V2Response.Redirect) v2;
    inFlight.end(b.redirectTarget(r.location()).build());
    List<String> next = new ArrayList<>(path);
    next.add(url.toString());
    // The redirect names the v2 URL for this user; it is asked as it is (the server built it).
    return EndpointChain.follow(ctx, url, r.location(), hopsUsed, next, RedirectGuard.Link.V2);
  }

  /**
   * Why a v2 answer's URL may not be used, or null if it may: it must be https and carry no user info (a
   * password in the URL would be sent on, and is never repeated in the reason).
   */
  private static @org.jspecify.annotations.Nullable String refusal(URI ewsUrl) {
    if (ewsUrl.getRawUserInfo() != null) {
      return "embeds credentials (user info in https://***@" + ewsUrl.getHost()
          + (ewsUrl.getPort() == -1 ? "" : ":" + ewsUrl.getPort()) + ")";
    }
    if (!"https".equalsIgnoreCase(ewsUrl.getScheme())) {
      return ewsUrl + " is not https";
    }
    return null;
  }

  private static AttemptOutcome outcome(V2Response v2) {
    if (v2 instanceof V2Response.Endpoint) {
      return AttemptOutcome.SETTINGS;
    }
    if (v2 instanceof V2Response.Redirect) {
      return AttemptOutcome.HTTP_REDIRECT;
    }
    if (v2 instanceof V2Response.Error) {
      return AttemptOutcome.ERROR_RESPONSE;
    }
    return AttemptOutcome.NOT_FOUND;
  }

  private static CompletableFuture<ChainResult> done(ChainResult r) {
    return CompletableFuture.completedFuture(r);
  }
}
