package dev.autodiscover.internal.engine;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.spi.AutodiscoverEventListener;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh virtual internet per test, and helpers to read what the servers received. */
abstract class EngineTestSupport {
  static final String ROOT = "https://contoso.com/autodiscover/autodiscover.xml";
  static final String AD = "https://autodiscover.contoso.com/autodiscover/autodiscover.xml";

  VirtualNetwork net;
  /** The virtual network's DNS server: unknown names are NXDOMAIN. */
  DnsResponder dns;
  final EventRecorder events = new EventRecorder();
  /**
   * The client the test's requests use: wired to the virtual network and its DNS server, with short budgets and
   * no settings cache (so that no test sees another's endpoints). {@link #configure} replaces it.
   */
  AutodiscoverClient client;
  private final List<AutodiscoverClient> clients = new ArrayList<>();

  @BeforeEach
  void startNetwork() {
    net = VirtualNetwork.start();
    dns = DnsResponder.start();
    client = closeAfterTest(AutodiscoverClient.builder()
        .dnsResolver(DnsResolver.servers(dns.address()).timeout(java.time.Duration.ofMillis(500)))
        .settingsCache(SettingsCache.disabled())
        .proxy(net.proxySelector())
        .sslContext(net.clientSslContext())
        .attemptTimeout(java.time.Duration.ofSeconds(3))
        .deadline(java.time.Duration.ofSeconds(15))
        .eventListener(events)
        .build());
  }

  @AfterEach
  void stopNetwork() {
    clients.forEach(AutodiscoverClient::close);
    net.close();
    dns.close();
  }

  /** {@return {@code c}, closed after the test} @param c a client the test built */
  AutodiscoverClient closeAfterTest(AutodiscoverClient c) {
    clients.add(c);
    return c;
  }

  /**
   * Replaces {@link #client} with one built from it plus the given environment changes (closed after the test).
   *
   * @param change the environment changes
   * @return the new client
   */
  AutodiscoverClient configure(UnaryOperator<AutodiscoverClient.Builder> change) {
    client = closeAfterTest(change.apply(client.toBuilder()).build());
    return client;
  }

  /** A request made with the test's current {@link #client}. */
  AutodiscoverRequest request(String email) {
    return client.forEmail(email);
  }

  static Dispatcher dispatcher(java.util.function.Function<RecordedRequest, MockResponse> f) {
    return new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest request) {
        return f.apply(request);
      }
    };
  }

  static MockResponse html() {
    return new MockResponse.Builder().code(200).addHeader("Content-Type", "text/html; charset=utf-8")
        .body("<!doctype html><html><body>Welcome to Contoso</body></html>").build();
  }

  static MockResponse status(int code) {
    return new MockResponse.Builder().code(code).build();
  }

  /** Every request the server has received so far. */
  static List<RecordedRequest> received(MockWebServer server) throws InterruptedException {
    List<RecordedRequest> all = new ArrayList<>();
    RecordedRequest r;
    while ((r = server.takeRequest(10, TimeUnit.MILLISECONDS)) != null) {
      all.add(r);
    }
    return all;
  }

  static Attempt attempt(AutodiscoverResult result, DiscoveryMethod method, AttemptOutcome outcome) {
    return find(result.trace().attempts(), method, outcome);
  }

  static Attempt attempt(AutodiscoverException failure, DiscoveryMethod method, AttemptOutcome outcome) {
    return find(failure.trace().attempts(), method, outcome);
  }

  private static Attempt find(List<Attempt> attempts, DiscoveryMethod method, AttemptOutcome outcome) {
    return attempts.stream().filter(a -> a.method() == method && a.outcome() == outcome).findFirst()
        .orElseThrow(() -> new AssertionError("no " + method + " " + outcome + " attempt in " + attempts));
  }

  /** Records events as short strings, for asserting their sequence. */
  static final class EventRecorder implements AutodiscoverEventListener {
    final List<String> events = Collections.synchronizedList(new ArrayList<>());

    @Override
    public void runStart(long runId, EmailAddress address) {
      events.add("runStart " + address);
    }

    @Override
    public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
      events.add("attemptStart " + attemptId + " " + method + " " + httpMethod + " " + url);
    }

    @Override
    public void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed, String reason) {
      events.add("redirect " + (followed ? "followed " : "refused ") + to);
    }

    @Override
    public void attemptEnd(long runId, long attemptId, Attempt attempt) {
      events.add("attemptEnd " + attemptId + " " + attempt.method() + " " + attempt.outcome().code());
    }

    @Override
    public void runEnd(long runId, AutodiscoverResult result) {
      events.add("runEnd");
    }

    @Override
    public void runFailed(long runId, AutodiscoverException failure) {
      events.add("runFailed " + failure.getClass().getSimpleName());
    }
  }
}
