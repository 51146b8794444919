package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CacheEntryTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final Instant T1 = T0.plus(Duration.ofDays(7));
  private static final URI EP = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");

  @Test
  void endpointEntry_hasEndpointProtocolAndMethod() {
    CacheEntry e = new CacheEntry(CacheEntry.Scope.DOMAIN, "contoso.com", "jan@contoso.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, null, T0, T1);
    assertThat(e.isFailure()).isFalse();
    assertThat(e.isFreshAt(T1.minusNanos(1))).isTrue();
    assertThat(e.isFreshAt(T1)).isFalse();
    assertThat(e.age(T0.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(e.age(T0.minusSeconds(90))).isEqualTo(Duration.ZERO);
  }

  @Test
  void constructor_rejectsInconsistentEntries() {
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.DOMAIN, "contoso.com", "jan@contoso.com", null, null,
        null, "not found", T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("per address only");
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, "not found", T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no endpoint");
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com", EP,
        null, DiscoveryMethod.SCP, null, T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("needs endpoint, protocol and foundBy");
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@fabrikam.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, null, T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address in domain");
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, null, T1, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after storedAt");
    assertThatThrownBy(() -> new CacheEntry(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com",
        URI.create("https://contoso.com/ad?token=abc"), AutodiscoverProtocol.POX, DiscoveryMethod.SCP, null, T0, T1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> new CacheEntry(null, "contoso.com", "jan@contoso.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, null, T0, T1))
        .isInstanceOf(NullPointerException.class).hasMessage("scope");
  }
}
