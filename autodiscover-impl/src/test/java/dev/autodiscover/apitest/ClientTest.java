package dev.autodiscover.apitest;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.Autodiscover;
import dev.autodiscover.AutodiscoverClient;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DnsResolver;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.testkit.DnsResponder;
import dev.autodiscover.testkit.VirtualNetwork;
import mockwebserver3.MockResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client: what it owns, what its builder refuses, private domains end to end, and close(). */
class ClientTest {
  private VirtualNetwork net;
  private DnsResponder dns;

  @BeforeEach
  void start() {
    net = VirtualNetwork.start();
    dns = DnsResponder.start();
  }

  @AfterEach
  void stop() {
    net.close();
    dns.close();
  }

  private AutodiscoverClient.Builder onNetwork() {
    return Autodiscover.newClient().proxy(net.proxySelector()).sslContext(net.clientSslContext())
        .dnsResolver(DnsResolver.servers(dns.address()).timeout(Duration.ofMillis(500)))
        .settingsCache(SettingsCache.disabled()).attemptTimeout(Duration.ofSeconds(3)).deadline(Duration.ofSeconds(10));
  }

  @Test
  void trustList_startsWithMicrosoftsHosts_addsNormalised_andReplacesOnlyWhenAsked() {
    try (AutodiscoverClient c = Autodiscover.newClient().trustRedirectHosts(" Mail.Hoster.NET. ").build();
        AutodiscoverClient only = c.toBuilder().trustOnlyRedirectHosts(List.of("a.hoster.net")).build()) {
      assertThat(c.trustedRedirectHosts()).containsAll(AutodiscoverClient.MICROSOFT_AUTODISCOVER_HOSTS)
          .contains("mail.hoster.net").hasSize(AutodiscoverClient.MICROSOFT_AUTODISCOVER_HOSTS.size() + 1);
      assertThat(only.trustedRedirectHosts()).containsExactly("a.hoster.net");
    }
  }

  /** Defect: trustRedirectHosts("co.uk") was accepted silently. */
  @Test
  void publicSuffixesInTheTrustList_areRefusedAtTheSetter() {
    AutodiscoverClient.Builder b = Autodiscover.newClient();
    assertThatThrownBy(() -> b.trustRedirectHosts("co.uk")).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("'co.uk' is a public suffix: trusting it would let every domain under it receive credentials; "
            + "name the exact host, e.g. autodiscover.hoster.co.uk");
    assertThatThrownBy(() -> b.trustOnlyRedirectHosts(List.of("github.io"))).hasMessageContaining("public suffix");
    assertThatThrownBy(() -> b.trustRedirectHosts("autodiscover.com")).hasMessageContaining("autodiscover.<public suffix>");
    assertThatThrownBy(() -> b.trustRedirectHosts(" ")).hasMessage("a trusted redirect host must not be blank");
    assertThatThrownBy(() -> b.trustRedirectHosts("https://x.com/")).hasMessageContaining("bare host name");
  }

  /** Defect: jan@co.uk passed forEmail() although it can never be discovered. */
  @Test
  void forEmail_refusesAPublicSuffixDomain_atTheCall() {
    try (AutodiscoverClient c = Autodiscover.newClient().build()) {
      assertThatThrownBy(() -> c.forEmail("jan@co.uk")).isInstanceOf(InvalidEmailAddressException.class)
          .hasMessageContaining("'co.uk' is a public suffix");
      assertThatThrownBy(() -> Autodiscover.forEmail("jan@co.uk")).isInstanceOf(InvalidEmailAddressException.class);
    }
  }

  /** Defect: a domain outside the public suffix list could never be discovered, even when the caller named it. */
  @Test
  void privateDomain_isDiscoverable_onlyWhenTheCallerOptsIn() {
    try (AutodiscoverClient plain = onNetwork().build()) {
      assertThatThrownBy(() -> plain.forEmail("jan@corp.contoso.test")).isInstanceOf(InvalidEmailAddressException.class)
          .hasMessageContaining("AutodiscoverClient.Builder.privateDomains(\"contoso.test\")");
    }
    net.host("corp.contoso.test").https().enqueue(new MockResponse.Builder().code(404).build());
    net.host("autodiscover.corp.contoso.test").https().enqueue(xml(settingsXml("Jan", "jan@corp.contoso.test",
        "https://mail.corp.contoso.test/EWS/Exchange.asmx", null)));
    try (AutodiscoverClient c = onNetwork().privateDomains("contoso.test").build()) {
      AutodiscoverResult r = c.forEmail("jan@corp.contoso.test")
          .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
      assertThat(r.ewsUrl().orElseThrow().uri())
          .isEqualTo(URI.create("https://mail.corp.contoso.test/EWS/Exchange.asmx"));
      assertThat(r.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    }
  }

  @Test
  void privateDomains_refusesPublicNames_withWhatToDo() {
    AutodiscoverClient.Builder b = Autodiscover.newClient();
    assertThatThrownBy(() -> b.privateDomains("co.uk")).hasMessageContaining("is a public suffix, not a private domain");
    assertThatThrownBy(() -> b.privateDomains("contoso.com")).hasMessageContaining("needs no opt-in");
  }

  @Test
  void close_cancelsCallsInFlight_andRefusesNewOnes() throws Exception {
    net.blackhole("contoso.com");
    net.blackhole("autodiscover.contoso.com");
    AutodiscoverClient c = onNetwork().build();
    CompletableFuture<AutodiscoverResult> pending = c.forEmail("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN).resolveAsync();
    c.close();
    assertThatThrownBy(() -> pending.get(2, TimeUnit.SECONDS)).isInstanceOf(CancellationException.class);
    assertThatThrownBy(() -> c.forEmail("jan@contoso.com")).isInstanceOf(IllegalStateException.class)
        .hasMessage("this AutodiscoverClient is closed; build a new one");
    assertThat(c.toString()).endsWith(", closed]");
    c.close(); // idempotent
  }

  @Test
  void theFrontDoor_runsOnOneDefaultClient() {
    assertThat(Autodiscover.forEmail("jan@contoso.com").client())
        .isSameAs(Autodiscover.forEmail("mia@contoso.com").client());
  }
}
