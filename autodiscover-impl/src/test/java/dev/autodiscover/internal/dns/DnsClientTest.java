package dev.autodiscover.internal.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.internal.dns.SrvAnswer.Status;
import dev.autodiscover.testkit.DnsResponder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(10)
class DnsClientTest {
  private static final String CONTOSO = "_autodiscover._tcp.contoso.com";
  private static final Duration TIMEOUT = Duration.ofMillis(150);

  private DnsResponder dns;
  private DnsClient client;

  @BeforeEach
  void setUp() {
    dns = DnsResponder.start();
    client = DnsClient.of(List.of(dns.address()), Duration.ofSeconds(2), 1);
  }

  @AfterEach
  void tearDown() {
    dns.close();
  }

  @Test
  void warmUp_readsTheSrvAnswerItEncodedInMemory_asALookupWould() throws Exception {
    SrvAnswer answer = DnsClient.warmUp();

    assertThat(answer).isEqualTo(new SrvAnswer("_autodiscover._tcp.example.com", Status.FOUND,
        List.of(new SrvRecord(0, 0, 443, "autodiscover.example.com")), Duration.ZERO, ""));
  }

  @Test
  void srv_whenSeveralPrioritiesWeightsAndPorts_returnsEveryRecordAsSent() {
    dns.srv(CONTOSO, 10, 50, 443, "Mail.Hoster-Example.net.")
        .srv(CONTOSO, 10, 10, 8443, "mail2.hoster-example.net")
        .srv(CONTOSO, 20, 0, 65535, "backup.hoster-example.net");

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.query()).isEqualTo(CONTOSO);
    assertThat(answer.records()).containsExactly(
        new SrvRecord(10, 50, 443, "mail.hoster-example.net"),
        new SrvRecord(10, 10, 8443, "mail2.hoster-example.net"),
        new SrvRecord(20, 0, 65535, "backup.hoster-example.net"));
    assertThat(answer.detail()).isEmpty();
    assertThat(answer.describe()).isEqualTo(CONTOSO + " SRV: 10 50 443 mail.hoster-example.net, "
        + "10 10 8443 mail2.hoster-example.net, 20 0 65535 backup.hoster-example.net");
    assertThat(dns.queries()).containsExactly("UDP " + CONTOSO + ". SRV");
  }

  @Test
  void srv_whenNameRelativeAndMixedCase_queriesItAsAbsolute() {
    dns.srv(CONTOSO, 0, 0, 443, "mail.contoso.com");

    SrvAnswer answer = lookup("_AutoDiscover._TCP.Contoso.COM");

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.query()).isEqualTo(CONTOSO);
    assertThat(dns.udpQueries()).isEqualTo(1);
  }

  @Test
  void srv_whenNameUnknown_answersNxdomain() {
    SrvAnswer answer = lookup("_autodiscover._tcp.nowhere.example.");

    assertThat(answer.status()).isEqualTo(Status.NXDOMAIN);
    assertThat(answer.records()).isEmpty();
    assertThat(answer.describe()).isEqualTo("_autodiscover._tcp.nowhere.example SRV: NXDOMAIN");
  }

  @Test
  void srv_whenNxdomain_asksOnceAndDoesNotTryTheNextServer() {
    dns.nxdomain(CONTOSO);
    try (DnsResponder second = DnsResponder.start().srv(CONTOSO, 0, 0, 443, "mail.contoso.com")) {
      DnsClient twoServers = DnsClient.of(List.of(dns.address(), second.address()), Duration.ofSeconds(2), 2);

      SrvAnswer answer = twoServers.srv(CONTOSO).orTimeout(5, TimeUnit.SECONDS).join();

      assertThat(answer.status()).isEqualTo(Status.NXDOMAIN);
      assertThat(dns.udpQueries()).isEqualTo(1);
      assertThat(second.udpQueries()).isZero();
    }
  }

  @Test
  void srv_whenServfail_answersServfail() {
    dns.servfail(CONTOSO);

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.SERVFAIL);
    assertThat(answer.records()).isEmpty();
  }

  @Test
  void srv_whenNameExistsWithoutSrv_answersNoRecords() {
    dns.noRecords(CONTOSO);

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.NO_RECORDS);
    assertThat(answer.describe()).isEqualTo(CONTOSO + " SRV: NO_RECORDS");
  }

  @Test
  void srv_whenRefused_answersErrorNamingTheRcode() {
    dns.refused(CONTOSO);

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.ERROR);
    assertThat(answer.detail()).contains("REFUSED");
  }

  @Test
  void srv_whenServerSilent_timesOutAfterEveryRetry() {
    dns.silent(CONTOSO);
    DnsClient impatient = DnsClient.of(List.of(dns.address()), TIMEOUT, 2);

    SrvAnswer answer = impatient.srv(CONTOSO).orTimeout(5, TimeUnit.SECONDS).join();

    assertThat(answer.status()).isEqualTo(Status.TIMEOUT);
    assertThat(dns.udpQueries()).isEqualTo(3);
    assertThat(answer.took()).isBetween(TIMEOUT.multipliedBy(3), TIMEOUT.multipliedBy(3).plusMillis(2_000));
    assertThat(answer.detail()).isEqualTo("no answer from " + impatient.describeServers() + " after 3 tries of 150 ms");
  }

  @Test
  void srv_whenServerSilentAndNoRetries_asksOnce() {
    dns.silent(CONTOSO);

    SrvAnswer answer = DnsClient.of(List.of(dns.address()), TIMEOUT, 0).srv(CONTOSO).join();

    assertThat(answer.status()).isEqualTo(Status.TIMEOUT);
    assertThat(dns.udpQueries()).isEqualTo(1);
    assertThat(answer.detail()).endsWith("after 1 try of 150 ms");
  }

  @Test
  void srv_whenFirstServerSilent_triesTheNextInOrder() {
    dns.silent(CONTOSO);
    try (DnsResponder second = DnsResponder.start().srv(CONTOSO, 0, 0, 443, "mail.contoso.com")) {
      DnsClient twoServers = DnsClient.of(List.of(dns.address(), second.address()), TIMEOUT, 1);

      SrvAnswer answer = twoServers.srv(CONTOSO).orTimeout(5, TimeUnit.SECONDS).join();

      assertThat(answer.status()).isEqualTo(Status.FOUND);
      assertThat(dns.udpQueries()).isEqualTo(1);
      assertThat(second.udpQueries()).isEqualTo(1);
      assertThat(answer.took()).isGreaterThanOrEqualTo(TIMEOUT);
    }
  }

  @Test
  void srv_whenEveryServerSilent_givesEachItsRetries() {
    dns.silent(CONTOSO);
    try (DnsResponder second = DnsResponder.start().silent(CONTOSO)) {
      DnsClient twoServers = DnsClient.of(List.of(dns.address(), second.address()), TIMEOUT, 1);

      SrvAnswer answer = twoServers.srv(CONTOSO).orTimeout(5, TimeUnit.SECONDS).join();

      assertThat(answer.status()).isEqualTo(Status.TIMEOUT);
      assertThat(dns.udpQueries()).isEqualTo(2);
      assertThat(second.udpQueries()).isEqualTo(2);
      assertThat(answer.took()).isGreaterThanOrEqualTo(TIMEOUT.multipliedBy(4));
      assertThat(answer.detail()).endsWith("after 2 tries per server of 150 ms");
    }
  }

  @Test
  void srv_whenNothingListens_answersErrorQuickly() {
    DnsResponder gone = DnsResponder.start();
    gone.close();
    DnsClient toNowhere = DnsClient.of(List.of(gone.address()), Duration.ofSeconds(2), 1);

    SrvAnswer answer = toNowhere.srv(CONTOSO).orTimeout(5, TimeUnit.SECONDS).join();

    // Loopback reports the closed port at once (ICMP port unreachable): no need to wait for the timeout.
    assertThat(answer.status()).isEqualTo(Status.ERROR);
    assertThat(answer.detail()).startsWith("network error: no DNS server listening at 127.0.0.1:");
    assertThat(answer.took()).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void srv_whenManyLookupsRunAtOnce_answersEachOnItsOwn() {
    for (int i = 0; i < 20; i++) {
      dns.srv("_autodiscover._tcp.domain" + i + ".example", 0, 0, 443, "mail" + i + ".example");
    }

    List<CompletableFuture<SrvAnswer>> pending = new ArrayList<>();
    for (int i = 0; i < 20; i++) {
      pending.add(client.srv("_autodiscover._tcp.domain" + i + ".example"));
    }

    for (int i = 0; i < 20; i++) {
      assertThat(pending.get(i).orTimeout(5, TimeUnit.SECONDS).join().records())
          .containsExactly(new SrvRecord(0, 0, 443, "mail" + i + ".example"));
    }
    assertThat(dns.udpQueries()).isEqualTo(20);
  }

  @Test
  void srv_returnsBeforeTheServerAnswers() {
    dns.silent(CONTOSO);

    CompletableFuture<SrvAnswer> pending =
        DnsClient.of(List.of(dns.address()), Duration.ofMillis(500), 0).srv(CONTOSO);

    assertThat(pending).isNotDone();
    assertThat(pending.join().status()).isEqualTo(Status.TIMEOUT);
  }

  @Test
  void srv_whenUdpAnswerTruncated_repeatsTheQueryOverTcp() {
    dns.srv(CONTOSO, 10, 0, 443, "mail.contoso.com").truncateUdp(CONTOSO);

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.records()).containsExactly(new SrvRecord(10, 0, 443, "mail.contoso.com"));
    assertThat(dns.udpQueries()).isEqualTo(1);
    assertThat(dns.tcpQueries()).isEqualTo(1);
    assertThat(dns.queries()).containsExactly("UDP " + CONTOSO + ". SRV", "TCP " + CONTOSO + ". SRV");
  }

  @Test
  void srv_whenAnswerTooLargeForUdp_getsEveryRecordOverTcp() {
    for (int i = 0; i < 30; i++) {
      dns.srv(CONTOSO, i, 10, 443, "autodiscover-host-number-" + i + ".a-rather-long-hosting-domain.example");
    }

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.records()).hasSize(30);
    assertThat(dns.tcpQueries()).isEqualTo(1);
  }

  @Test
  void srv_whenTargetIsRoot_reportsServiceNotOffered() {
    dns.srv(CONTOSO, 0, 0, 0, ".");

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.records()).singleElement().satisfies(record -> {
      assertThat(record.notOffered()).isTrue();
      assertThat(record.target()).isEmpty();
    });
    assertThat(answer.describe()).isEqualTo(CONTOSO + " SRV: 0 0 0 .");
  }

  @Test
  void srv_whenTargetNotAHostName_leavesTheRecordOutAndSaysSo() {
    dns.srv(CONTOSO, 10, 0, 443, "evil.example/path").srv(CONTOSO, 20, 0, 443, "mail.contoso.com");

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.FOUND);
    assertThat(answer.records()).containsExactly(new SrvRecord(20, 0, 443, "mail.contoso.com"));
    assertThat(answer.detail()).contains("evil.example/path");
  }

  @Test
  void srv_whenEveryTargetInvalid_answersError() {
    dns.srv(CONTOSO, 10, 0, 443, "user@evil.example");

    SrvAnswer answer = lookup(CONTOSO);

    assertThat(answer.status()).isEqualTo(Status.ERROR);
    // In DNS presentation format, as dnsjava prints names: '@' is escaped.
    assertThat(answer.detail()).startsWith("malformed answer").contains("user\\@evil.example");
  }

  @Test
  void srv_doesNotCacheBetweenLookups() {
    dns.nxdomain(CONTOSO);
    assertThat(lookup(CONTOSO).status()).isEqualTo(Status.NXDOMAIN);

    dns.srv(CONTOSO, 0, 0, 443, "mail.contoso.com");

    assertThat(lookup(CONTOSO).status()).isEqualTo(Status.FOUND);
    assertThat(dns.udpQueries()).isEqualTo(2);
  }

  @Test
  void srv_whenNameInvalid_throwsNamingTheProblem() {
    assertThatThrownBy(() -> client.srv("a..b.example")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("a..b.example");
    assertThatThrownBy(() -> client.srv("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.srv(".")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.srv("x".repeat(64) + ".example")).isInstanceOf(IllegalArgumentException.class);
    assertThat(dns.queries()).isEmpty();
  }

  @Test
  void of_rejectsBadConfiguration() {
    InetSocketAddress server = dns.address();
    assertThatThrownBy(() -> DnsClient.of(List.of(), TIMEOUT, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one");
    assertThatThrownBy(() -> DnsClient.of(List.of(InetSocketAddress.createUnresolved("dns.example", 53)), TIMEOUT, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("dns.example");
    assertThatThrownBy(() -> DnsClient.of(List.of(server), Duration.ZERO, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> DnsClient.of(List.of(server), Duration.ofMinutes(5), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    assertThatThrownBy(() -> DnsClient.of(List.of(server), TIMEOUT, -1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
    assertThatThrownBy(() -> DnsClient.system(TIMEOUT, DnsClient.MAX_RETRIES + 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("retries");
  }

  @Test
  void describeServers_namesTheServers() {
    InetSocketAddress other = new InetSocketAddress("::1", 53);

    assertThat(DnsClient.of(List.of(dns.address(), other), TIMEOUT, 0).describeServers())
        .isEqualTo("127.0.0.1:" + dns.address().getPort() + ", [0:0:0:0:0:0:0:1]:53");
    assertThat(DnsClient.system(TIMEOUT, 0).describeServers()).startsWith("system resolvers (").endsWith(")");
  }

  private SrvAnswer lookup(String name) {
    return client.srv(name).orTimeout(5, TimeUnit.SECONDS).join();
  }
}
