package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.redirectUrlXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.SettingsCache;
import org.junit.jupiter.api.Test;

/** The words of the trace, end to end: each step says what it consulted and what came of it, and nothing more. */
class TraceWordingTest extends EngineTestSupport {
  private static final String MAIL = "https://mail.contoso.com/autodiscover/autodiscover.xml";

  /** The lines of the methods a request restricted to one method skips, in trace order, around that method's lines. */
  private static String onlyOne(DiscoveryMethod kept, String keptLines) {
    StringBuilder log = new StringBuilder();
    for (DiscoveryMethod m : DiscoveryMethod.values()) {
      log.append(m == kept ? keptLines
          : m.displayName() + " skipped: excluded by the request (Outlook: " + m.outlookSwitch() + ")\n");
    }
    return log.toString();
  }

  @Test
  void scp_isCalledALookupOnce() {
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.SCP).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(e.trace().toOutlookStyleLog())
            .isEqualTo(onlyOne(DiscoveryMethod.SCP, ""
                + "SCP lookup for jan@contoso.com starting\n"
                + "SCP lookup for jan@contoso.com Failed (0x8004010F) not-configured: no Active Directory configured"
                + " (Outlook uses SCP only on domain-joined machines; set activeDirectory(...) to use it)\n")));
  }

  @Test
  void srvNxdomain_namesTheNameThatDoesNotExist() {
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED).detail())
              .hasValue("NXDOMAIN: _autodiscover._tcp.contoso.com does not exist");
          String what = "DNS SRV lookup dns:_autodiscover._tcp.contoso.com?type=SRV for jan@contoso.com";
          assertThat(e.trace().toOutlookStyleLog()).isEqualTo(onlyOne(DiscoveryMethod.DNS_SRV, ""
              + what + " starting\n"
              + "  DNS servers: 127.0.0.1:" + dns.address().getPort() + "\n"
              + "  _autodiscover._tcp.contoso.com SRV: NXDOMAIN\n"
              + what + " Failed (0x8004010F) not-configured: NXDOMAIN: _autodiscover._tcp.contoso.com does not exist\n"));
        });
  }

  @Test
  void srvNoRecords_saysTheNameHasNone() {
    dns.noRecords("_autodiscover._tcp.contoso.com");

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED).detail())
            .hasValue("NO_RECORDS: _autodiscover._tcp.contoso.com exists but has no SRV records"));
  }

  @Test
  void requestAlreadySentInTheRound_isRecordedAsNotSentAgain_withoutAnInventedStatusOrTarget() {
    net.host("contoso.com").https().enqueue(xml(redirectUrlXml(AD)));
    net.host("autodiscover.contoso.com").https().enqueue(xml(redirectUrlXml(MAIL)));
    net.host("mail.contoso.com").https().setDispatcher(dispatcher(r -> status(404)));

    // Sequential: the root domain's chain asks all three URLs; the autodiscover domain's method then reuses
    // the answers instead of sending the same requests again. POX, so that the 404 is not followed by AUTO's
    // switch to SOAP (one more reused request, which this test is not about).
    assertThatThrownBy(() -> request("jan@contoso.com").protocol(dev.autodiscover.ProtocolChoice.POX)
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).sequential().resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          List<Attempt> reused = e.trace().attempts().stream()
              .filter(a -> a.method() == DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).toList();
          assertThat(reused).extracting(a -> a.url().orElseThrow().toString(), Attempt::outcome, Attempt::httpMethod,
                  Attempt::httpStatus, Attempt::redirectTarget)
              .containsExactly(
                  org.assertj.core.groups.Tuple.tuple(AD, AttemptOutcome.REDIRECT_URL, java.util.Optional.empty(),
                      java.util.OptionalInt.empty(), java.util.Optional.empty()),
                  org.assertj.core.groups.Tuple.tuple(MAIL, AttemptOutcome.NOT_FOUND, java.util.Optional.empty(),
                      java.util.OptionalInt.empty(), java.util.Optional.empty()));
          String reuse = ": not sent again: HTTPS root domain already sent this request in this round; its answer is used";
          assertThat(e.trace().toOutlookStyleLog()).isEqualTo(""
              + "SCP lookup skipped: excluded by the request (Outlook: ExcludeScpLookup)\n"
              + "Autodiscover to " + ROOT + " starting (HTTPS root domain, jan@contoso.com)\n"
              + "GetLastError=0; httpStatus=200.\n"
              + "Autodiscover to " + ROOT + " redirected to " + AD + " (redirect-url)\n"
              + "Autodiscover to " + AD + " starting (HTTPS root domain, jan@contoso.com)\n"
              + "GetLastError=0; httpStatus=200.\n"
              + "Autodiscover to " + AD + " redirected to " + MAIL + " (redirect-url)\n"
              + "Autodiscover to " + MAIL + " starting (HTTPS root domain, jan@contoso.com)\n"
              + "GetLastError=0; httpStatus=404.\n"
              + "Autodiscover to " + MAIL + " FAILED (0x80004005) not-found: HTTP 404: no Autodiscover service here\n"
              + "HTTPS autodiscover domain " + AD + " for jan@contoso.com: redirect-url (0x00000000)" + reuse + "\n"
              + "HTTPS autodiscover domain " + MAIL + " for jan@contoso.com: not-found (0x80004005)" + reuse + "\n"
              + "local XML skipped: excluded by the request (Outlook: PreferLocalXML)\n"
              + "HTTP redirect skipped: excluded by the request (Outlook: ExcludeHttpRedirect)\n"
              + "DNS SRV skipped: excluded by the request (Outlook: ExcludeSrvRecord)\n"
              + "last known good URL skipped: excluded by the request (Outlook: ExcludeLastKnownGoodUrl)\n"
              + "Office 365 endpoint skipped: excluded by the request (Outlook: ExcludeExplicitO365Endpoint)\n");
        });
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isEqualTo(1);
    assertThat(net.host("mail.contoso.com").https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void cacheHit_targetsTheCachedEndpoint_andInventsNoSourceUrl() {
    String hosted = "https://mail.hoster.net/autodiscover/autodiscover.xml";
    SettingsCache cache = SettingsCache.inMemory();
    cache.storeEndpoint(EmailAddress.parse("jan@contoso.com"), URI.create(hosted), AutodiscoverProtocol.POX,
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    net.host("mail.hoster.net").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com",
        "https://mail.hoster.net/EWS/Exchange.asmx", null)));
    List<RedirectProposal> asked = new CopyOnWriteArrayList<>();

    configure(b -> b.settingsCache(cache).redirectValidator(p -> asked.add(p)));
    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.LAST_KNOWN_GOOD).resolve();

    Attempt hit = attempt(result, DiscoveryMethod.LAST_KNOWN_GOOD, AttemptOutcome.CANDIDATES_FOUND);
    assertThat(hit.url()).hasValue(URI.create(hosted));
    assertThat(hit.detail()).hasValue("cache hit: " + hosted);
    String what = "last known good URL lookup " + hosted + " for jan@contoso.com";
    List<String> lines = result.trace().toOutlookStyleLog().lines().toList();
    assertThat(lines.subList(6, 13)).containsExactly(
        what + " starting",
        "  cache " + cache,
        "  ADDRESS entry for jan@contoso.com: " + hosted,
        "  protocol POX, found by HTTPS autodiscover domain",
        lines.get(10),
        what + " succeeded (0x00000000) candidates-found: cache hit: " + hosted,
        "Autodiscover to " + hosted + " starting (last known good URL, jan@contoso.com)");
    assertThat(lines.get(10)).matches("  age \\d+ s, expires .+");
    assertThat(asked).hasSize(1).allSatisfy(p -> {
      assertThat(p.from()).isEmpty();
      assertThat(p.target()).isEqualTo(URI.create(hosted));
    });
  }
}
