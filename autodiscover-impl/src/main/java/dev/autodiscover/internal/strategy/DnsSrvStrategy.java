package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.random.RandomGenerator;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.internal.dns.DnsClient;
import dev.autodiscover.internal.dns.SrvAnswer;
import dev.autodiscover.internal.dns.SrvOrder;
import dev.autodiscover.internal.dns.SrvRecord;
import dev.autodiscover.internal.engine.ChainResult;
import dev.autodiscover.internal.engine.DiscoveryStrategy;
import dev.autodiscover.internal.engine.StrategyContext;
import dev.autodiscover.internal.trust.TrustPolicy;

/**
 * Method 6 (protocol.md §2.8): the SRV record set {@code _autodiscover._tcp.<domain>}, asked of the request's
 * DNS resolver. The answer (or NXDOMAIN, SERVFAIL, timeout) is recorded with its records. Records are tried
 * in RFC 2782 order (lowest priority first, weighted random choice within a priority), each as
 * {@code https://<target>[:<port>]/autodiscover/autodiscover.xml} with the record's port honoured, one after
 * the other. A target is a redirect in disguise: it goes through the trust policy like one (same registrable
 * domain as the user, the trusted list, or the caller's validator) before anything is sent.
 */
public final class DnsSrvStrategy implements DiscoveryStrategy {
  private final RandomGenerator random;

  /** A strategy that breaks weight ties with {@code random}, which must be thread-safe (such as {@link java.util.Random}). */
  public DnsSrvStrategy(RandomGenerator random) {
    this.random = random;
  }

  @Override
  public DiscoveryMethod method() {
    return DiscoveryMethod.DNS_SRV;
  }

  @Override
  public CompletableFuture<ChainResult> run(StrategyContext context) {
    String domain = context.address().domain();
    String name = "_autodiscover._tcp." + domain;
    DnsResolver settings = context.run().env().dnsResolver();
    DnsClient client = DnsStrategies.client(settings);
    URI query = DnsStrategies.queryUri(name);
    long started = System.nanoTime();
    return client.srv(name).thenCompose(answer -> {
      List<String> inputs = new ArrayList<>();
      inputs.add("DNS servers: " + client.describeServers());
      inputs.add(answer.describe());
      if (answer.status() != SrvAnswer.Status.FOUND) {
        AttemptOutcome outcome = switch (answer.status()) {
          case TIMEOUT -> AttemptOutcome.TIMEOUT;
          case SERVFAIL, ERROR -> AttemptOutcome.DNS_FAILURE;
          default -> AttemptOutcome.NOT_CONFIGURED;
        };
        context.recordWith(outcome, query, failureDetail(answer), inputs, started);
        return ChainResult.Failed.notFound("SRV " + name + ": " + answer.status());
      }
      List<SrvRecord> ordered = SrvOrder.rfc2782(answer.records(), random);
      if (ordered.isEmpty()) {
        context.recordWith(AttemptOutcome.NOT_CONFIGURED, query,
            "every SRV record says the service is not offered (target \".\")", inputs, started);
        return ChainResult.Failed.notFound("SRV " + name + ": service not offered");
      }
      for (int i = 0; i < ordered.size(); i++) {
        SrvRecord r = ordered.get(i);
        inputs.add("candidate " + (i + 1) + ": priority " + r.priority() + " weight " + r.weight() + " -> "
            + endpoint(r));
      }
      context.recordWith(AttemptOutcome.CANDIDATES_FOUND, query, ordered.size() + " SRV target(s), in RFC 2782 order",
          inputs, started);
      List<URI> urls = ordered.stream().map(DnsSrvStrategy::endpoint).toList();
      return Candidates.inOrder(context, urls, url -> tryTarget(context, query, url));
    });
  }

  private static CompletableFuture<ChainResult> tryTarget(StrategyContext context, URI query, URI url) {
    TrustPolicy.Decision decision = context.run().trust().redirect(
        new RedirectProposal(context.address(), DiscoveryMethod.DNS_SRV, query, url),
        context.run().approvedHosts(), context.run().discoveryDomains());
    context.run().recorder().redirect(DiscoveryMethod.DNS_SRV, query.toString(), url.toString(), decision.allowed(),
        "SRV target: " + decision.reason());
    if (!decision.allowed()) {
      context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, url, "SRV target refused: " + decision.reason());
      return ChainResult.Failed.notFound("SRV target " + url + " refused: " + decision.reason());
    }
    return context.postChain(url);
  }

  /** What went wrong, naming the name looked up, for example "NXDOMAIN: _autodiscover._tcp.contoso.com does not exist". */
  private static String failureDetail(SrvAnswer answer) {
    String name = answer.query();
    String what = switch (answer.status()) {
      case NXDOMAIN -> name + " does not exist";
      case NO_RECORDS -> name + " exists but has no SRV records";
      case SERVFAIL -> "the DNS server failed to answer for " + name;
      case TIMEOUT -> "no answer for " + name;
      default -> "the lookup of " + name + " failed";
    };
    return answer.status() + ": " + what + (answer.detail().isEmpty() ? "" : " (" + answer.detail() + ")");
  }

  static URI endpoint(SrvRecord r) {
    String port = r.port() == 443 ? "" : ":" + r.port();
    return URI.create("https://" + r.target() + port + "/autodiscover/autodiscover.xml");
  }

}
