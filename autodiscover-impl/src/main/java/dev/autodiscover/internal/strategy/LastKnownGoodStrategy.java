package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Method 7 (protocol.md §2.9), or the first method with {@code lastKnownGoodFirst}: the endpoint that last
 * answered for the address (or its domain) in the request's {@link SettingsCache}. A hit is recorded with
 * its age and scope, its host goes through the trust policy again (a cache is not a reason to trust), and
 * the endpoint gets the normal POST. An endpoint that no longer answers with settings is evicted and the
 * eviction recorded; an address redirect from it is still followed. A fresh negative entry ends the run at
 * once when the cache goes first, and is only noted as a miss otherwise.
 */
public final class LastKnownGoodStrategy implements DiscoveryStrategy {
  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.LAST_KNOWN_GOOD;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    EmailAddress address = context.address();
    SettingsCache cache = context.run().env().cache();
    long started = System.nanoTime();
    Optional<CacheEntry> hit;
    try {
      hit = cache.lookup(address);
    } catch (RuntimeException e) {
      context.recordWith(AttemptOutcome.NOT_FOUND, null, "the settings cache failed: " + e.getClass().getSimpleName(),
          List.of("cache " + cache), started);
      return ChainResult.Failed.notFound("settings cache failed");
    }
    if (hit.isEmpty()) {
      context.recordWith(AttemptOutcome.NOT_CONFIGURED, null, "cache miss for " + address,
          List.of("cache " + cache), started);
      return ChainResult.Failed.notFound("no last-known-good endpoint for " + address);
    }
    Duration age = hit.get().age(Instant.now());
    String ageText = "age " + age.toSeconds() + " s, expires " + hit.get().expiresAt();
    if (hit.get() instanceof CacheEntry.Failure failure) {
      List<String> inputs = List.of("cache " + cache, "negative entry for " + failure.identity() + " (" + ageText
          + ")", "reason: " + failure.reason());
      if (context.run().request().lastKnownGoodFirst()) {
        context.recordWith(AttemptOutcome.NOT_FOUND, null, "negative cache hit: discovery for " + address
            + " found nothing " + age.toSeconds() + " s ago", inputs, started);
        return CompletableFuture.completedFuture(new ChainResult.CachedFailure(
            "discovery for " + address + " found nothing " + age.toSeconds() + " s ago (cached: " + failure.reason()
                + "); invalidate the cache entry to try again before it expires at " + failure.expiresAt()));
      }
      context.recordWith(AttemptOutcome.NOT_CONFIGURED, null, "only a negative entry for " + address, inputs, started);
      return ChainResult.Failed.notFound("no last-known-good endpoint for " + address);
    }
    CacheEntry.Endpoint entry = (CacheEntry.Endpoint) hit.get();
    URI endpoint = entry.endpoint();
    List<String> inputs = List.of("cache " + cache, entry.scope() + " entry for "
        + (entry.scope() == CacheEntry.Scope.DOMAIN ? entry.domain() : entry.identity()) + ": " + endpoint,
        "protocol " + entry.protocol() + ", found by " + entry.foundBy().displayName(), ageText);
    context.recordWith(AttemptOutcome.CANDIDATES_FOUND, endpoint, "cache hit: " + endpoint, inputs, started);
    // No URL answered with this endpoint in this run: the proposal has no source.
    TrustPolicy.Decision decision = context.run().trust().redirect(
        new RedirectProposal(address, method(), null, endpoint),
        context.run().approvedHosts(), context.run().discoveryDomains());
    if (!decision.allowed()) {
      context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, endpoint, "cached endpoint refused: " + decision.reason());
      return ChainResult.Failed.notFound("cached endpoint " + endpoint + " refused: " + decision.reason());
    }
    CompletableFuture<ChainResult> asked = entry.protocol() == dev.autodiscover.AutodiscoverProtocol.JSON_V2
        ? context.v2Discover(endpoint.getHost() + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort()))
        : context.postChain(endpoint);
    return asked.thenApply(result -> {
      if (result instanceof ChainResult.Settings) {
        return result;
      }
      if (!(result instanceof ChainResult.Failed f && f.kind() == ChainResult.Failed.Kind.CANCELLED)) {
        cache.invalidate(address);
        context.record(AttemptOutcome.NOT_FOUND, endpoint, "cached endpoint no longer answers with settings;"
            + " entry evicted" + (result instanceof ChainResult.RedirectAddress ? " (its address redirect is followed)"
            : ", full discovery goes on"));
      }
      if (result instanceof ChainResult.RedirectAddress) {
        return result;
      }
      if (result instanceof ChainResult.Failed) {
        return result;
      }
      return new ChainResult.Failed(ChainResult.Failed.Kind.NOT_FOUND, List.of(),
          "cached endpoint " + endpoint + " no longer answers with settings");
    });
  }

}
