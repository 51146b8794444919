package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.UnaryOperator;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Methods 2 and 3: POST to {@code https://<domain>/autodiscover/autodiscover.xml} or
 * {@code https://autodiscover.<domain>/autodiscover/autodiscover.xml}, built from the exact domain of the
 * address (never a parent domain), after the public-suffix checks.
 */
public final class HttpsPostStrategy implements DiscoveryStrategy {
  private final DiscoveryMethod method;
  private final UnaryOperator<String> hostForDomain;

  private HttpsPostStrategy(DiscoveryMethod method, UnaryOperator<String> hostForDomain) {
    this.method = method;
    this.hostForDomain = hostForDomain;
  }

  /** Method 2, HTTPS POST to the root domain. */
  public static HttpsPostStrategy rootDomain() {
    return new HttpsPostStrategy(DiscoveryMethod.HTTPS_ROOT_DOMAIN, domain -> domain);
  }

  /** Method 3, HTTPS POST to {@code autodiscover.<domain>}. */
  public static HttpsPostStrategy autodiscoverDomain() {
    return new HttpsPostStrategy(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, domain -> "autodiscover." + domain);
  }

  @Override
  public DiscoveryMethod method() {
    return method;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    String host = hostForDomain.apply(context.address().domain());
    URI url = URI.create("https://" + host + "/autodiscover/autodiscover.xml");
    Optional<String> problem = context.run().trust().hostProblem(host);
    if (problem.isPresent()) {
      context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, url, problem.get());
      return ChainResult.Failed.notFound("refused " + url + ": " + problem.get());
    }
    return context.postChain(url);
  }
}
