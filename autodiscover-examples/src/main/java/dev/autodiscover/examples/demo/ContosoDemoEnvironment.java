package dev.autodiscover.examples.demo;

import static dev.autodiscover.examples.demo.Responders.asksFor;

import java.net.ProxySelector;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.VirtualNetwork;

/**
 * An offline Contoso organisation on loopback, built with the test kit: an on-premises Exchange, a
 * mailbox moved to Microsoft 365 (hybrid), and a mailbox whose Autodiscover answer is broken by stale
 * automapping entries.
 *
 * <ul>
 *   <li>{@code https://contoso.com/} is the corporate web site: it answers the Autodiscover POST with an HTML
 *       page.</li>
 *   <li>{@code https://autodiscover.contoso.com/autodiscover/autodiscover.xml} answers per address:
 *       settings for {@value #ON_PREM_USER}, {@code redirectAddr} to {@value #HYBRID_CLOUD_ADDRESS} for
 *       {@value #HYBRID_USER}, ErrorCode 603 for {@value #BROKEN_AUTOMAP_USER}, ErrorCode 500 otherwise.
 *       Its plain-HTTP side answers 404.</li>
 *   <li>{@code contoso.mail.onmicrosoft.com} and the HTTPS side of
 *       {@code autodiscover.contoso.mail.onmicrosoft.com} are blackholed (they accept and never answer, as
 *       Microsoft 365 does there); {@code http://autodiscover.contoso.mail.onmicrosoft.com/...} answers 302
 *       to {@value #OFFICE365_AUTODISCOVER}, which answers settings for the cloud address.</li>
 * </ul>
 *
 * <p>Every name used here is listed in the test kit's {@code test-hosts} file. Use
 * {@link #proxySelector()} and {@link #sslContext()} in a client (or use {@link #client()}), and close the
 * environment when done. Thread-safe.
 */
public final class ContosoDemoEnvironment implements AutoCloseable {
  /** An on-premises mailbox. */
  public static final String ON_PREM_USER = "jan.novak@contoso.com";
  /** A hybrid mailbox moved to Exchange Online. */
  public static final String HYBRID_USER = "lena.hybrid@contoso.com";
  /** The routing address of {@link #HYBRID_USER} in the tenant. */
  public static final String HYBRID_CLOUD_ADDRESS = "lena.hybrid@contoso.mail.onmicrosoft.com";
  /** A mailbox whose answer fails with ErrorCode 603. */
  public static final String BROKEN_AUTOMAP_USER = "broken.automap@contoso.com";
  /** The error message of the 603 answer. */
  public static final String ERROR_603_MESSAGE = "The Active Directory user wasn't found.";
  /** External EWS URL of the on-premises organisation. */
  public static final String ON_PREM_EXTERNAL_EWS = "https://mail.contoso.com/EWS/Exchange.asmx";
  /** Internal EWS URL of the on-premises organisation. */
  public static final String ON_PREM_INTERNAL_EWS = "https://mail.corp.contoso.com/EWS/Exchange.asmx";
  /** Exchange Online's EWS URL. */
  public static final String OFFICE365_EWS = "https://outlook.office365.com/EWS/Exchange.asmx";
  /** Microsoft 365's Autodiscover endpoint, a default trusted redirect target. */
  public static final String OFFICE365_AUTODISCOVER = "https://autodiscover-s.outlook.com/autodiscover/autodiscover.xml";
  /** The attempt timeout used by {@link #request(String)}: short, so blackholes cost little. */
  public static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(1);

  /** A Fabrikam mailbox hosted by Litware, found only through Fabrikam's SRV record. */
  public static final String HOSTED_USER = "pat.hosted@fabrikam.com";
  /** A second Fabrikam mailbox, resolved after {@link #HOSTED_USER} from the last-known-good cache. */
  public static final String HOSTED_SECOND_USER = "kim.hosted@fabrikam.com";
  /** Litware's Autodiscover host, named by Fabrikam's SRV record on port {@value #HOSTER_PORT}. */
  public static final String HOSTER = "mail.litware.com";
  /** The port of the SRV record. */
  public static final int HOSTER_PORT = 8443;
  /** The EWS URL of hosted mailboxes. */
  public static final String HOSTED_EWS = "https://mail.litware.com/EWS/Exchange.asmx";

  private final VirtualNetwork network;
  private final DnsResponder dns;
  private final AutodiscoverClient client;

  private ContosoDemoEnvironment(VirtualNetwork network, DnsResponder dns) {
    this.network = network;
    this.dns = dns;
    this.client = AutodiscoverClient.builder()
        .proxy(network.proxySelector())
        .sslContext(network.clientSslContext())
        .dnsResolver(DnsResolver.servers(dns.address()))
        .settingsCache(SettingsCache.inMemory())
        .trustRedirectHosts(HOSTER)
        .attemptTimeout(ATTEMPT_TIMEOUT)
        .retriesOnTimeout(0)
        .deadline(Duration.ofSeconds(15))
        .build();
  }

  /**
   * Starts the environment.
   *
   * @return the running environment
   */
  public static ContosoDemoEnvironment start() {
    VirtualNetwork network = VirtualNetwork.start();
    DnsResponder dns = null;
    try {
      dns = DnsResponder.start();
      configure(network, dns);
      return new ContosoDemoEnvironment(network, dns);
    } catch (RuntimeException e) {
      network.close();
      if (dns != null) {
        dns.close();
      }
      throw e;
    }
  }

  private static void configure(VirtualNetwork network, DnsResponder dns) {
    // Fabrikam has no Autodiscover host of its own; its SRV record names the hoster's server and port.
    dns.srv("_autodiscover._tcp.fabrikam.com", 10, 100, HOSTER_PORT, HOSTER + ".");
    network.host(HOSTER).httpsPort(HOSTER_PORT)
        .respondHttps(Responders.dispatcher(r -> PoxResponses.xml(PoxResponses.settingsXml(
            "Fabrikam (hosted)", hostedUser(r), HOSTED_EWS, null))));

    network.host("contoso.com")
        .respondHttps(Responders.dispatcher(r -> Responders.htmlPage("Contoso Ltd.")))
        .respondHttp(Responders.dispatcher(r -> Responders.htmlPage("Contoso Ltd.")));
    network.host("autodiscover.contoso.com")
        .respondHttps(Responders.dispatcher(r -> {
          if (asksFor(r, ON_PREM_USER)) {
            return PoxResponses.xml(PoxResponses.settingsXml(
                "Jan Novak", ON_PREM_USER, ON_PREM_EXTERNAL_EWS, ON_PREM_INTERNAL_EWS));
          }
          if (asksFor(r, HYBRID_USER)) {
            return PoxResponses.xml(PoxResponses.redirectAddrXml(HYBRID_CLOUD_ADDRESS));
          }
          if (asksFor(r, BROKEN_AUTOMAP_USER)) {
            return PoxResponses.xml(PoxResponses.errorXml(603, ERROR_603_MESSAGE));
          }
          return PoxResponses.xml(PoxResponses.errorXml(500, "The email address can't be found."));
        }))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));

    network.blackhole("contoso.mail.onmicrosoft.com");
    network.blackholeHttps("autodiscover.contoso.mail.onmicrosoft.com");
    network.host("autodiscover.contoso.mail.onmicrosoft.com")
        .respondHttp(Responders.dispatcher(r -> PoxResponses.redirect(302, OFFICE365_AUTODISCOVER)));
    network.host("autodiscover-s.outlook.com")
        .respondHttps(Responders.dispatcher(r -> asksFor(r, HYBRID_CLOUD_ADDRESS)
            ? PoxResponses.xml(PoxResponses.settingsXml("Lena Hybrid", HYBRID_CLOUD_ADDRESS, OFFICE365_EWS, OFFICE365_EWS))
            : PoxResponses.xml(PoxResponses.errorXml(500, "The email address can't be found."))))
        .respondHttp(Responders.dispatcher(r -> Responders.status(404)));
  }

  private static String hostedUser(mockwebserver3.RecordedRequest r) {
    return asksFor(r, HOSTED_SECOND_USER) ? HOSTED_SECOND_USER : HOSTED_USER;
  }

  /**
   * Returns the proxy selector that routes every request into the environment.
   *
   * @return the selector
   */
  public ProxySelector proxySelector() {
    return network.proxySelector();
  }

  /**
   * Returns an SSL context that trusts only the environment's root certificate authority.
   *
   * @return the context
   */
  public SSLContext sslContext() {
    return network.clientSslContext();
  }

  /**
   * Returns the underlying virtual network, for tests that add hosts or inspect requests.
   *
   * @return the network
   */
  public VirtualNetwork network() {
    return network;
  }

  /**
   * Returns the environment's client: its proxy, TLS trust and DNS server, its own in-memory settings cache,
   * {@link #HOSTER} trusted as a redirect host, an attempt timeout of {@link #ATTEMPT_TIMEOUT}, no retries and a
   * 15 s deadline. Closed by {@link #close()}.
   *
   * @return the client, never null
   */
  public AutodiscoverClient client() {
    return client;
  }

  /**
   * Returns a request made with {@link #client()}.
   *
   * @param email the address
   * @return the request
   * @throws dev.autodiscover.InvalidEmailAddressException if the address is malformed or not discoverable
   * @throws IllegalStateException if the environment is closed
   */
  public AutodiscoverRequest request(String email) {
    return client.forEmail(email);
  }

  /** Closes the client and stops every server of the environment. Idempotent. */
  @Override
  public void close() {
    client.close();
    network.close();
    dns.close();
  }
}
