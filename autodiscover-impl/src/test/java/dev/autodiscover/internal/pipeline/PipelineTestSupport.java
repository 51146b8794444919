package dev.autodiscover.internal.pipeline;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import dev.autodiscover.Attempt;
import dev.autodiscover.Autodiscover;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.Credentials;
import dev.autodiscover.DiscoveryOptions;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.BatchItem;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.DomainSettingName;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.ProtocolChoice;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.spi.AutodiscoverEventListener;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * A fresh virtual internet per test and the ONE place where the pipeline tests build requests (single,
 * batch and domain settings all start from {@link #request}), so a change of the request-building API is
 * ported here only.
 */
abstract class PipelineTestSupport {
  static final String SVC = "https://autodiscover.contoso.com/autodiscover/autodiscover.svc";

  VirtualNetwork net;
  DnsResponder dns;
  final EventLog events = new EventLog();
  /** Released at tear-down, so servers that hold an answer back let go at once. */
  final CountDownLatch release = new CountDownLatch(1);

  @BeforeEach
  void startNetwork() {
    net = VirtualNetwork.start();
    dns = DnsResponder.start();
  }

  @AfterEach
  void stopNetwork() {
    release.countDown();
    net.close();
    dns.close();
  }

  private final List<AutodiscoverClient> clients = new ArrayList<>();

  /**
   * The case's options: the per-call ones go to the request or batch, the trusted hosts to the client.
   * Mutable, for one case only.
   */
  static final class Opts {
    private @Nullable Credentials credentials;
    private boolean preAuthenticate;
    private @Nullable Duration deadline;
    private final List<String> trusted = new ArrayList<>();

    Opts basic() {
      credentials = Credentials.basic("svc", "secret".toCharArray());
      return this;
    }

    Opts preAuthenticate() {
      preAuthenticate = true;
      return this;
    }

    Opts deadline(Duration d) {
      deadline = d;
      return this;
    }

    Opts trust(String host) {
      trusted.add(host);
      return this;
    }

    <T extends DiscoveryOptions<T>> T applyTo(T call) {
      T c = call.only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).protocol(ProtocolChoice.SOAP)
          .attemptTimeout(Duration.ofSeconds(3)).preAuthenticate(preAuthenticate);
      if (credentials != null) {
        c = c.credentials(credentials);
      }
      return deadline == null ? c : c.deadline(deadline);
    }
  }

  static Opts opts() {
    return new Opts();
  }

  /** The client of one case: the virtual network, no cache, this test's event log, the case's trusted hosts. */
  AutodiscoverClient client(Opts opts) {
    AutodiscoverClient c = Autodiscover.newClient()
        .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofMillis(500)))
        .settingsCache(SettingsCache.disabled())
        .proxy(net.proxySelector())
        .sslContext(net.clientSslContext())
        .deadline(Duration.ofSeconds(10))
        .trustRedirectHosts(opts.trusted.toArray(new String[0]))
        .eventListener(events)
        .build();
    clients.add(c);
    return c;
  }

  @AfterEach
  void closeClients() {
    clients.forEach(AutodiscoverClient::close);
  }

  /**
   * The one request builder: SOAP at the autodiscover host only, on the virtual network, no cache, short
   * budgets, this test's event log, and the case's options.
   */
  AutodiscoverRequest request(String email, Opts opts) {
    return opts.applyTo(client(opts).forEmail(email));
  }

  /** A batch with the same options as {@link #request}. */
  BatchRequest batch(List<String> emails, Opts opts) {
    return opts.applyTo(client(opts).forEmails(emails));
  }

  /** Resolves one address; the failure when it fails. */
  static Object single(AutodiscoverRequest request) {
    try {
      return request.resolve();
    } catch (AutodiscoverException e) {
      return e;
    }
  }

  /** Resolves the domain settings; the failure when it fails. */
  static Object domain(AutodiscoverRequest request) {
    try {
      return request.resolveDomainSettings(EnumSet.of(DomainSettingName.EXTERNAL_EWS_URL));
    } catch (AutodiscoverException e) {
      return e;
    }
  }

  /** The failure of item 0 of a batch, or the item. */
  static Object batchFirst(BatchRequest batch) {
    BatchItem item = batch.resolve().get(0);
    return item.failure().<Object>map(e -> e).orElse(item);
  }

  /**
   * Records events as strings, runs named R1, R2, ... and attempts A1, A2, ... in order of first appearance
   * (ids are JVM-global), for asserting whole sequences.
   */
  static final class EventLog implements AutodiscoverEventListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());
    private final Map<Long, String> runs = new HashMap<>();
    private final Map<String, String> attempts = new HashMap<>();

    private synchronized String run(long id) {
      return runs.computeIfAbsent(id, k -> "R" + (runs.size() + 1));
    }

    private synchronized String attempt(long run, long id) {
      return id == -1 ? "-" : attempts.computeIfAbsent(run + "/" + id, k -> "A" + (attempts.size() + 1));
    }

    @Override
    public void runStart(long runId, EmailAddress address) {
      events.add(run(runId) + " runStart " + address);
    }

    @Override
    public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
      events.add(run(runId) + " attemptStart " + attempt(runId, attemptId) + " " + httpMethod + " " + url);
    }

    @Override
    public void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed, String reason) {
      events.add(run(runId) + " redirect " + (followed ? "followed " : "refused ") + to);
    }

    @Override
    public void attemptEnd(long runId, long attemptId, Attempt attempt) {
      if (attempt.outcome() == dev.autodiscover.AttemptOutcome.EXCLUDED) {
        return; // one per excluded method: noise for these tests
      }
      events.add(run(runId) + " attemptEnd " + attempt(runId, attemptId) + " " + attempt.outcome().code());
    }

    @Override
    public void runEnd(long runId, AutodiscoverResult result) {
      events.add(run(runId) + " runEnd");
    }

    @Override
    public void runFailed(long runId, AutodiscoverException failure) {
      events.add(run(runId) + " runFailed " + failure.getClass().getSimpleName());
    }

    @Override
    public void batchStart(long runId, int addresses) {
      events.add(run(runId) + " batchStart " + addresses);
    }

    @Override
    public void batchEnd(long runId, int resolved, int failed) {
      events.add(run(runId) + " batchEnd " + resolved + " " + failed);
    }

    @Override
    public void domainSettingsStart(long runId, EmailAddress address) {
      events.add(run(runId) + " domainSettingsStart " + address);
    }

    @Override
    public void domainSettingsEnd(long runId, DomainSettingsResult result) {
      events.add(run(runId) + " domainSettingsEnd");
    }

    @Override
    public void domainSettingsFailed(long runId, AutodiscoverException failure) {
      events.add(run(runId) + " domainSettingsFailed " + failure.getClass().getSimpleName());
    }
  }
}
