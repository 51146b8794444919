package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.internal.strategy.DnsSrvStrategy;
import org.junit.jupiter.api.Test;

/**
 * Hostile SRV answers (issue 10): answers far larger than a UDP datagram (so the client repeats them over TCP),
 * thousands of targets, and records with port 0. Real DNS wire format from the testkit's DNS server.
 */
class DnsSrvHostileAnswerTest extends EngineTestSupport {
  private static final String SRV = "_autodiscover._tcp.contoso.com";
  private static final URI QUERY = URI.create("dns:" + SRV + "?type=SRV");

  private static String settings(String ews) {
    return settingsXml("Jan", "jan@contoso.com", ews, null);
  }

  @Test
  void srv_thousandsOfRefusedTargetsFirst_stillReachesTheWorkingOneWithoutOverflowingTheStack() throws Exception {
    int refused = 2_300; // each refused at once by the trust policy, so each completes synchronously
    for (int i = 0; i < refused; i++) {
      dns.srv(SRV, 0, 0, 443, "x" + i + ".ev.");
    }
    dns.srv(SRV, 1, 0, 443, "mail.contoso.com.");
    net.host("mail.contoso.com").https().enqueue(xml(settings("https://mail.contoso.com/EWS/Exchange.asmx")));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://mail.contoso.com/autodiscover/autodiscover.xml"));
    assertThat(dns.tcpQueries()).isEqualTo(1); // the answer did not fit a datagram
    List<Attempt> attempts = result.trace().attempts().stream().filter(a -> a.method() == DiscoveryMethod.DNS_SRV).toList();
    assertThat(attempts).hasSize(1 + refused + 1);
    assertThat(attempts.get(0).outcome()).isEqualTo(AttemptOutcome.CANDIDATES_FOUND);
    assertThat(attempts.subList(1, 1 + refused)).allSatisfy(
        a -> assertThat(a.outcome()).isEqualTo(AttemptOutcome.REJECTED_BY_TRUST_POLICY));
    assertThat(attempts.get(refused + 1).outcome()).isEqualTo(AttemptOutcome.SETTINGS);
    assertThat(net.routed()).containsExactly("CONNECT mail.contoso.com:443");
  }

  @Test
  void srv_thousandsOfTargetsInTheUsersDomain_triesOnlyTheBestUpToTheCapAndSaysSo() {
    int targets = 1_700;
    int cap = DnsSrvStrategy.MAX_SRV_TARGETS_TRIED;
    for (int i = 0; i < targets; i++) {
      dns.srv(SRV, targets - i, 0, 443, "h" + i + ".contoso.com."); // the last records have the best priority
      net.blackhole("h" + i + ".contoso.com");
    }
    // one connection per target (no retry), 200 ms each: the cap's tries fit the deadline; 1,700 would not
    configure(b -> b.attemptTimeout(Duration.ofMillis(200)).retriesOnTimeout(0).deadline(Duration.ofSeconds(30)));

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          Attempt capped = attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.EXCLUDED);
          assertThat(capped.url()).hasValue(QUERY);
          assertThat(capped.detail()).hasValue("SRV target cap reached: " + cap + " target(s) tried, "
              + (targets - cap) + " more SRV candidate(s) not tried (at most " + cap + " are tried)");
        });

    List<String> expected = new ArrayList<>();
    for (int i = targets - 1; i >= targets - cap; i--) {
      expected.add("CONNECT h" + i + ".contoso.com:443");
    }
    assertThat(net.routed()).containsExactlyElementsOf(expected);
  }

  @Test
  void srv_recordWithPortZero_isSkippedAndRecorded() throws Exception {
    dns.srv(SRV, 0, 0, 0, "mail.contoso.com.")
        .srv(SRV, 10, 0, 443, "backup.contoso.com.");
    net.host("mail.contoso.com").https().enqueue(xml(settings("https://mail.contoso.com/EWS/Exchange.asmx")));
    net.host("backup.contoso.com").https().enqueue(xml(settings("https://backup.contoso.com/EWS/Exchange.asmx")));

    AutodiscoverResult result = request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve();

    assertThat(result.endpoint()).isEqualTo(URI.create("https://backup.contoso.com/autodiscover/autodiscover.xml"));
    assertThat(net.routed()).containsExactly("CONNECT backup.contoso.com:443");
    Attempt lookup = attempt(result, DiscoveryMethod.DNS_SRV, AttemptOutcome.CANDIDATES_FOUND);
    assertThat(lookup.detail()).hasValue("1 SRV target(s), in RFC 2782 order; 1 record(s) with port 0 skipped");
    assertThat(lookup.inputs()).containsExactly(
        "DNS servers: " + dns.address().getAddress().getHostAddress() + ":" + dns.address().getPort(),
        SRV + " SRV: 0 0 0 mail.contoso.com, 10 0 443 backup.contoso.com",
        "skipped: 0 0 0 mail.contoso.com (port 0 is not a service port, RFC 2782)",
        "candidate 1: priority 10 weight 0 -> https://backup.contoso.com/autodiscover/autodiscover.xml");
  }

  @Test
  void srv_onlyPortZeroRecords_meansNotConfiguredAndNothingIsSent() {
    dns.srv(SRV, 0, 0, 0, "mail.contoso.com.");

    assertThatThrownBy(() -> request("jan@contoso.com").only(DiscoveryMethod.DNS_SRV).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_CONFIGURED).detail()).hasValue(
            "no usable SRV record: 1 record(s) with port 0 skipped"));
    assertThat(net.routed()).isEmpty();
  }
}
