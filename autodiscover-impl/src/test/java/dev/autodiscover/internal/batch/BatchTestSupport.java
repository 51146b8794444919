package dev.autodiscover.internal.batch;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/** A fresh virtual network, DNS server and client per test, and servers answering POX and SOAP per user. */
abstract class BatchTestSupport {
  static final Pattern POX_EMAIL = Pattern.compile("<EMailAddress>([^<]+)</EMailAddress>");

  VirtualNetwork net;
  DnsResponder dns;
  /** The virtual network's client: its DNS server, no settings cache, short budgets. */
  AutodiscoverClient client;
  private final List<AutodiscoverClient> clients = new ArrayList<>();

  @BeforeEach
  void start() {
    net = VirtualNetwork.start();
    dns = DnsResponder.start();
    client = AutodiscoverClient.builder()
        .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofMillis(500)))
        .settingsCache(SettingsCache.disabled())
        .proxy(net.proxySelector())
        .sslContext(net.clientSslContext())
        .attemptTimeout(Duration.ofSeconds(3))
        .deadline(Duration.ofSeconds(15))
        .build();
    clients.add(client);
  }

  @AfterEach
  void stop() {
    clients.forEach(AutodiscoverClient::close);
    net.close();
    dns.close();
  }

  /** {@return {@code c}, closed after the test} @param c a client the test built */
  AutodiscoverClient closeAfterTest(AutodiscoverClient c) {
    clients.add(c);
    return c;
  }

  /** A batch on {@code c} trying only the autodiscover host and the cache, with a short per-address deadline. */
  static BatchRequest batch(AutodiscoverClient c, List<String> addresses) {
    return c.forEmails(addresses).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, DiscoveryMethod.LAST_KNOWN_GOOD);
  }

  /** A batch wired to the virtual network with short budgets and only the autodiscover host and the cache. */
  BatchRequest batch(List<String> addresses) {
    return batch(client, addresses);
  }

  /** Counts what one host received and answers POX and SOAP; SOAP answers come from {@code perUser}. */
  static final class Server extends Dispatcher {
    final String domain;
    final Function<String, String> perUser;
    volatile Function<Integer, MockResponse> soapOverride = n -> null;
    final AtomicInteger poxPosts = new AtomicInteger();
    final AtomicInteger soapPosts = new AtomicInteger();
    final List<Integer> chunkSizes = Collections.synchronizedList(new ArrayList<>());
    final AtomicInteger inFlight = new AtomicInteger();
    final AtomicInteger maxInFlight = new AtomicInteger();
    volatile CountDownLatch overlap = new CountDownLatch(0);

    Server(String domain, Function<String, String> perUser) {
      this.domain = domain;
      this.perUser = perUser;
    }

    @Override
    public MockResponse dispatch(RecordedRequest request) {
      String path = request.getUrl().encodedPath().toLowerCase();
      if (path.endsWith("/autodiscover.xml")) {
        poxPosts.incrementAndGet();
        Matcher m = POX_EMAIL.matcher(request.getBody().utf8());
        String email = m.find() ? m.group(1) : "unknown@" + domain;
        return PoxResponses.xml(PoxResponses.settingsXml("POX " + email, email,
            "https://mail." + domain + "/EWS/Exchange.asmx", null));
      }
      if (!path.endsWith("/autodiscover.svc")) {
        return new MockResponse.Builder().code(404).build();
      }
      int n = soapPosts.incrementAndGet();
      int now = inFlight.incrementAndGet();
      maxInFlight.accumulateAndGet(now, Math::max);
      try {
        overlap.countDown();
        overlap.await(2, TimeUnit.SECONDS);
        List<String> users = SoapResponses.requestedMailboxes(request.getBody().toByteArray());
        chunkSizes.add(users.size());
        MockResponse override = soapOverride.apply(n);
        if (override != null) {
          return override;
        }
        return SoapResponses.xml(SoapResponses.userResponses(users.stream().map(perUser).toList()));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return new MockResponse.Builder().code(500).build();
      } finally {
        inFlight.decrementAndGet();
      }
    }
  }

  static String ok(String email) {
    return SoapResponses.userSettings("SOAP " + email, email,
        "https://mail." + email.substring(email.indexOf('@') + 1) + "/EWS/Exchange.asmx", null);
  }

  Server serve(String domain, Function<String, String> perUser) {
    Server server = new Server(domain, perUser);
    net.host("autodiscover." + domain).respondHttps(server);
    return server;
  }
}
