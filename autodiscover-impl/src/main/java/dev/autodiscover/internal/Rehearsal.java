package dev.autodiscover.internal;

import java.net.ProxySelector;
import java.time.Duration;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.dns.RehearsalDns;
import dev.autodiscover.internal.http.RehearsalServer;

/**
 * A whole lookup rehearsed inside this process, for {@link dev.autodiscover.AutodiscoverClient#warmUp()}: a client
 * of its own resolves {@value WarmUp#ADDRESS} against an Autodiscover deployment on loopback ({@link
 * RehearsalServer} as its proxy and every host, {@link RehearsalDns} as its DNS server), with the default methods
 * and protocol: the root domain's POX and SOAP requests get a 404, {@code autodiscover.example.com} answers with
 * settings ({@link WarmUp#sampleAnswer()}), the plain-HTTP probe gets a 404 and the SRV query NXDOMAIN. The JDK's
 * HTTP client, TLS and certificate path code, the SDK's pipeline, POX reader and the DNS library then have run
 * once, over real sockets, before the first real lookup. Nothing leaves this host: the rehearsal's client has no
 * credentials, no cache, no Active Directory and no local files, trusts only the loopback server's throw-away CA,
 * and its events go nowhere. Stateless; thread-safe.
 */
final class Rehearsal {
  /** The EWS URL {@link WarmUp#sampleAnswer()} names. */
  static final String EWS_URL = "https://mail.example.com/EWS/Exchange.asmx";
  /** The longest a rehearsal may take; it needs well under a second in a fresh JVM. */
  static final Duration DEADLINE = Duration.ofSeconds(20);

  private Rehearsal() {}

  /**
   * Runs the rehearsal.
   *
   * @return the rehearsal's result (its trace shows each step)
   * @throws Exception if a loopback server cannot start, or the lookup fails or finds another EWS URL
   */
  static AutodiscoverResult run() throws Exception {
    try (RehearsalServer server = RehearsalServer.start("example.com", WarmUp.sampleAnswer());
        RehearsalDns dns = RehearsalDns.start();
        AutodiscoverClient client = AutodiscoverClient.builder()
            .proxy(ProxySelector.of(server.proxyAddress()))
            .sslContext(server.clientContext())
            .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofSeconds(2)).retries(0))
            .settingsCache(SettingsCache.disabled())
            .deadline(DEADLINE)
            .build()) {
      AutodiscoverResult result = client.forEmail(WarmUp.ADDRESS).resolve();
      String ews = result.ewsUrl().map(u -> u.uri().toString()).orElse("no EWS URL");
      if (!ews.equals(EWS_URL)) {
        throw new IllegalStateException("the rehearsal found " + ews + " instead of " + EWS_URL);
      }
      return result;
    }
  }
}
