package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetSocketAddress;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class DnsResolverTest {
  private static final InetSocketAddress SERVER = new InetSocketAddress("127.0.0.1", 5353);

  @Test
  void equalSettings_areEqual_soTheyShareOneClient() {
    DnsResolver a = DnsResolver.servers(SERVER).timeout(Duration.ofMillis(500)).retries(2);
    DnsResolver b = DnsResolver.servers(new InetSocketAddress("127.0.0.1", 5353)).timeout(Duration.ofMillis(500)).retries(2);

    assertThat(a).isEqualTo(b).hasSameHashCodeAs(b);
    assertThat(a).isNotEqualTo(b.retries(1)).isNotEqualTo(b.timeout(Duration.ofSeconds(1)))
        .isNotEqualTo(DnsResolver.system());
    assertThat(DnsResolver.system().timeout(Duration.ofSeconds(3))).isEqualTo(DnsResolver.system());
  }

  @Test
  void serverAddresses_areTheFactorysServersInOrder_andEmptyForTheSystemResolvers() {
    InetSocketAddress second = new InetSocketAddress("127.0.0.2", 53);

    assertThat(DnsResolver.servers(second, SERVER).retries(0).serverAddresses()).containsExactly(second, SERVER);
    assertThat(DnsResolver.system().serverAddresses()).isEmpty();
    assertThat(DnsResolver.system().isSystem()).isTrue();
  }

  @Test
  void badSettings_sayWhatToFix() {
    assertThatThrownBy(() -> DnsResolver.servers(new InetSocketAddress[0])).hasMessageContaining("at least one DNS server");
    assertThatThrownBy(() -> DnsResolver.servers(InetSocketAddress.createUnresolved("dns.example", 53)))
        .hasMessageContaining("IP address");
    assertThatThrownBy(() -> DnsResolver.system().timeout(Duration.ZERO)).hasMessageContaining("positive");
    assertThatThrownBy(() -> DnsResolver.system().retries(6)).hasMessageContaining("between 0 and 5");
  }
}
