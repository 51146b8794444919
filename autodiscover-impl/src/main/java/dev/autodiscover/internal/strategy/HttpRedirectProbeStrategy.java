package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.ProbeExchange;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Method 5: {@code GET http://autodiscover.<domain>/autodiscover/autodiscover.xml} over plain HTTP with no
 * credentials of any kind, then, if it answers with a redirect, the redirect target (https, Autodiscover
 * path, trusted or approved host) gets the normal POST. The probe's redirect counts as one hop.
 */
public final class HttpRedirectProbeStrategy implements DiscoveryStrategy {
  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.HTTP_REDIRECT;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    String host = "autodiscover." + context.address().domain();
    URI url = URI.create("http://" + host + "/autodiscover/autodiscover.xml");
    Optional<String> problem = context.run().trust().hostProblem(host);
    if (problem.isPresent()) {
      context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, url, problem.get());
      return ChainResult.Failed.notFound("refused " + url + ": " + problem.get());
    }
    // Deliberately no Authorization header and no body: this request travels in clear text.
    return ProbeExchange.get(context, url, () -> HttpRequest.newBuilder(url).GET()).thenCompose(location -> {
      if (location.isEmpty()) {
        return ChainResult.Failed.notFound("HTTP redirect probe " + url + " gave no redirect");
      }
      return context.followRedirect(url, location.get(), 0);
    });
  }
}
