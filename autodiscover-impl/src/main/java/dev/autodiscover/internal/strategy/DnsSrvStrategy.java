package dev.autodiscover.internal.strategy;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
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
 * the other, at most {@link #MAX_SRV_TARGETS_TRIED} of them. Records with port 0 (not a service port) are
 * skipped and named in the trace; target {@code "."} means the service is not offered. A target is a redirect in disguise: it goes through the trust policy like one (same registrable
 * domain as the user, the trusted list, or the caller's validator) before anything is sent.
 */
public final class DnsSrvStrategy implements DiscoveryStrategy {
  /**
   * Most SRV targets one lookup sends requests to, best first in RFC 2782 order; the trace says when the cap
   * left candidates untried. Targets the trust policy refuses do not count (nothing is sent to them).
   */
  public static final int MAX_SRV_TARGETS_TRIED = 20;

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
      List<SrvRecord> portZero = answer.records().stream().filter(r -> !r.notOffered() && r.port() == 0).toList();
      List<SrvRecord> usable = answer.records().stream().filter(r -> r.notOffered() || r.port() != 0).toList();
      portZero.forEach(r -> inputs.add("skipped: " + r + " (port 0 is not a service port, RFC 2782)"));
      String skipped = portZero.size() + " record(s) with port 0 skipped";
      List<SrvRecord> ordered = SrvOrder.rfc2782(usable, random);
      if (ordered.isEmpty()) {
        context.recordWith(AttemptOutcome.NOT_CONFIGURED, query, portZero.isEmpty()
            ? "every SRV record says the service is not offered (target \".\")"
            : "no usable SRV record: " + skipped, inputs, started);
        return ChainResult.Failed.notFound("SRV " + name + ": service not offered");
      }
      for (int i = 0; i < ordered.size(); i++) {
        SrvRecord r = ordered.get(i);
        inputs.add("candidate " + (i + 1) + ": priority " + r.priority() + " weight " + r.weight() + " -> "
            + endpoint(r));
      }
      context.recordWith(AttemptOutcome.CANDIDATES_FOUND, query, ordered.size() + " SRV target(s), in RFC 2782 order"
          + (portZero.isEmpty() ? "" : "; " + skipped), inputs, started);
      List<URI> urls = ordered.stream().map(DnsSrvStrategy::endpoint).toList();
      AtomicInteger sent = new AtomicInteger();
      return Candidates.inOrder(context, urls, url -> tryTarget(context, query, url, sent),
          index -> capReached(context, query, sent.get(), urls.size() - index));
    });
  }

  /**
   * Whether {@link #MAX_SRV_TARGETS_TRIED} targets were sent to already; if so, records that the
   * {@code notTried} remaining candidates are dropped. Targets the trust policy refused do not count: they cost
   * nothing, and the DNS message size bounds their number.
   */
  private static boolean capReached(StrategyContext context, URI query, int sent, int notTried) {
    if (sent < MAX_SRV_TARGETS_TRIED) {
      return false;
    }
    context.record(AttemptOutcome.EXCLUDED, query, "SRV target cap reached: " + sent + " target(s) tried, "
        + notTried + " more SRV candidate(s) not tried (at most " + MAX_SRV_TARGETS_TRIED + " are tried)");
    return true;
  }

  private static CompletableFuture<ChainResult> tryTarget(StrategyContext context, URI query, URI url,
      AtomicInteger sent) {
    TrustPolicy.Decision decision = context.run().trust().redirect(
        new RedirectProposal(context.address(), DiscoveryMethod.DNS_SRV, query, url),
        context.run().approvedHosts(), context.run().discoveryDomains());
    context.run().recorder().redirect(DiscoveryMethod.DNS_SRV, query.toString(), url.toString(), decision.allowed(),
        "SRV target: " + decision.reason());
    if (!decision.allowed()) {
      context.record(AttemptOutcome.REJECTED_BY_TRUST_POLICY, url, "SRV target refused: " + decision.reason());
      return ChainResult.Failed.notFound("SRV target " + url + " refused: " + decision.reason());
    }
    sent.incrementAndGet();
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
