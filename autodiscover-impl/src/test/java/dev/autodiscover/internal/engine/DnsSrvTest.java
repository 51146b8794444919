package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import org.junit.jupiter.api.Test;

/** Method 6 end to end: a real DNS server on loopback, then HTTPS to the SRV targets through the trust policy. */
class DnsSrvTest extends EngineTestSupport {
  private static final String SRV = "_autodiscover._tcp.contoso.com";

  private static String settings(String ews) {
    return settingsXml("Jan", "jan@contoso.com", ews, null);
  }

  @Test
  void srv_whenOnlyTheSrvRecordLeadsToTheServer_honoursPriorityAndPort() throws Exception {
    dns.srv(SRV, 20, 0, 443, "backup.litware.com.")
        .srv(SRV, 10, 100, 8443, "mail.litware.com.");
    net.host("mail.litware.com").httpsPort(8443).https()
        .enqueue(xml(settings("https://mail.litware.com/EWS/Exchange.asmx")));
    net.host("backup.litware.com").https().enqueue(xml(settings("https://backup.litware.com/EWS/Exchange.asmx")));

    configure(b -> b.trustRedirectHosts("mail.litware.com", "backup.litware.com"));
    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.litware.com:8443/autodiscover/autodiscover.xml"));
    assertThat(result.method()).isEqualTo(DiscoveryMethod.DNS_SRV);
    Attempt lookup = attempt(result, DiscoveryMethod.DNS_SRV, AttemptOutcome.CANDIDATES_FOUND);
    assertThat(lookup.url()).hasValue(URI.create("dns:" + SRV + "?type=SRV"));
    assertThat(lookup.inputs()).anySatisfy(i -> assertThat(i).contains("mail.litware.com").contains("8443"));
    assertThat(net.host("backup.litware.com").https().getRequestCount()).isZero();
    assertThat(dns.queries()).anySatisfy(q -> assertThat(q).contains(SRV));
  }

  @Test
  void srv_whenFirstTargetFails_fallsBackToTheNextInOrder() throws Exception {
    dns.srv(SRV, 10, 0, 443, "mail.litware.com.")
        .srv(SRV, 20, 0, 443, "backup.litware.com.");
    net.host("mail.litware.com").https().enqueue(status(503));
    net.host("backup.litware.com").https().enqueue(xml(settings("https://backup.litware.com/EWS/Exchange.asmx")));

    configure(b -> b.trustRedirectHosts("mail.litware.com", "backup.litware.com"));
    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://backup.litware.com/autodiscover/autodiscover.xml"));
    assertThat(net.host("mail.litware.com").https().getRequestCount()).isEqualTo(1);
  }

  @Test
  void srv_targetOutsideTheUsersDomain_isRefusedUntilTrusted() {
    dns.srv(SRV, 10, 0, 443, "mail.litware.com.");
    net.host("mail.litware.com").https().enqueue(xml(settings("https://mail.litware.com/EWS/Exchange.asmx")));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.REJECTED_BY_TRUST_POLICY).detail().orElseThrow())
            .contains("outside the user's domain"));
    assertThat(net.host("mail.litware.com").https().getRequestCount()).isZero();
  }

  @Test
  void srv_targetInTheUsersRegistrableDomain_needsNoApproval() throws Exception {
    dns.srv(SRV, 10, 0, 443, "mail.contoso.com.");
    net.host("mail.contoso.com").https().enqueue(xml(settings("https://mail.contoso.com/EWS/Exchange.asmx")));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.contoso.com/autodiscover/autodiscover.xml"));
  }

  @Test
  void srv_nxdomainServfailAndTimeout_areRecordedWithTheirDnsOutcome() {
    dns.servfail(SRV);
    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.DNS_FAILURE).detail().orElseThrow()).contains("SERVFAIL"));

    assertThatThrownBy(() -> request("jan@fabrikam.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          Attempt a = attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED);
          assertThat(a.detail().orElseThrow()).contains("NXDOMAIN");
          assertThat(a.outlookStatus()).isEqualTo("0x8004010F");
        });

    dns.silent("_autodiscover._tcp.litware.com");
    long start = System.nanoTime();
    configure(b -> b.dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofMillis(200)).retries(1)));
    assertThatThrownBy(() -> request("jan@litware.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.TIMEOUT)).isNotNull());
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void srv_dotTarget_meansServiceNotOffered() {
    dns.srv(SRV, 0, 0, 0, ".");

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED).detail().orElseThrow())
            .contains("not offered"));
  }

  @Test
  void srv_targetThatDoesNotResolve_isRecordedAndDiscoveryFails() {
    dns.srv(SRV, 10, 0, 443, "ghost.contoso.com.");

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOf(AutodiscoverNotFoundException.class)
        .satisfies(e -> assertThat(((AutodiscoverNotFoundException) e).trace().attempts())
            .anySatisfy(a -> assertThat(a.url()).hasValue(URI.create("https://ghost.contoso.com/autodiscover/autodiscover.xml"))));
  }
}
