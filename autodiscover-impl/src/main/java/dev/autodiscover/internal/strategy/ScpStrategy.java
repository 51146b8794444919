package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.random.RandomGenerator;
import dev.autodiscover.ActiveDirectory;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.dns.DnsClient;
import dev.autodiscover.internal.dns.SrvAnswer;
import dev.autodiscover.internal.dns.SrvOrder;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.scp.DirectoryLocator;
import dev.autodiscover.internal.scp.ScpLookup;
import dev.autodiscover.internal.scp.ScpQuery;
import dev.autodiscover.internal.scp.ScpResult;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Method 1 (protocol.md §2.3): Active Directory service connection points, read over LDAP when the request
 * names a directory ({@link dev.autodiscover.AutodiscoverClient.Builder#activeDirectory}). The LDAP servers and
 * objects consulted are recorded as the step's inputs. The URLs found are trusted as Outlook trusts them
 * (they come from the directory) after the https, path and public-suffix checks, and are tried one after
 * the other, never all at once.
 */
public final class ScpStrategy implements DiscoveryStrategy {
  private final RandomGenerator random;

  /** A strategy whose DNS locator breaks SRV weight ties with {@code random}, which must be thread-safe. */
  public ScpStrategy(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.SCP;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    Optional<ActiveDirectory> configured = context.run().env().activeDirectory();
    if (configured.isEmpty()) {
      context.record(AttemptOutcome.NOT_CONFIGURED, null, "no Active Directory configured (Outlook uses SCP only on"
          + " domain-joined machines; set activeDirectory(...) to use it)");
      return ChainResult.Failed.notFound("no Active Directory configured");
    }
    ActiveDirectory directory = configured.get();
    String domain = context.address().domain();
    DnsClient dns = DnsStrategies.client(context.run().env().dnsResolver());
    ScpLookup lookup = new ScpLookup(locator(dns), context.run().blocking());
    ScpQuery query = new ScpQuery(domain, directory, context.run().request().attemptTimeoutFor(DiscoveryMethod.SCP),
        context.run().env().sslContext().orElse(null));
    URI source = directory.serverUrls().isEmpty()
        ? DnsStrategies.queryUri(locatorName(domain, directory.site().orElse(null)))
        : directory.serverUrls().get(0);
    long started = System.nanoTime();
    return lookup.lookup(query, () -> context.scope().isCancelled()).thenCompose(result -> {
      AttemptOutcome outcome = switch (result.status()) {
        case FOUND -> AttemptOutcome.CANDIDATES_FOUND;
        case NO_SCP -> AttemptOutcome.NOT_CONFIGURED;
        case NO_DIRECTORY -> AttemptOutcome.CONNECT_FAILURE;
        case BIND_REFUSED -> AttemptOutcome.AUTH_FAILED;
        default -> AttemptOutcome.NOT_FOUND;
      };
      List<String> inputs = new ArrayList<>(result.log());
      context.recordWith(outcome, source, result.status() + ": " + result.detail(), inputs, started);
      if (result.status() != ScpResult.Status.FOUND || result.urls().isEmpty()) {
        return ChainResult.Failed.notFound("SCP: " + result.status() + " (" + result.detail() + ")");
      }
      return Candidates.inOrder(context, result.urls(), url -> {
        TrustPolicy.Decision decision = context.run().trust()
            .configuredEndpoint(url, "an Active Directory SCP object", context.run().approvedHosts());
        if (!decision.allowed()) {
          context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, url, "SCP URL refused: " + decision.reason());
          return ChainResult.Failed.notFound("SCP URL " + url + " refused: " + decision.reason());
        }
        return context.postChain(url);
      });
    });
  }

  /** Finds domain controllers through {@code _ldap._tcp[.<site>._sites].dc._msdcs.<domain>}. */
  private DirectoryLocator locator(DnsClient dns) {
    return (adDomain, site) -> {
      return dns.srv(locatorName(adDomain, site)).thenApply(answer -> {
        if (answer.status() != SrvAnswer.Status.FOUND) {
          return List.<URI>of();
        }
        return SrvOrder.rfc2782(answer.records(), random).stream()
            .map(r -> URI.create("ldap://" + r.target() + ":" + r.port()))
            .toList();
      });
    };
  }

  private static String locatorName(String adDomain, @org.jspecify.annotations.Nullable String site) {
    return "_ldap._tcp." + (site == null ? "" : site + "._sites.") + "dc._msdcs." + adDomain;
  }

}
