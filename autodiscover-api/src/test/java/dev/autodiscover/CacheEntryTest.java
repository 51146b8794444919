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

  private static CacheEntry.Endpoint endpoint(CacheEntry.Scope scope, String identity, URI uri) {
    return new CacheEntry.Endpoint(scope, "contoso.com", identity, uri, AutodiscoverProtocol.POX, DiscoveryMethod.SCP,
        T0, T1);
  }

  @Test
  void endpointEntry_agesAndExpires() {
    CacheEntry e = endpoint(CacheEntry.Scope.DOMAIN, "jan@contoso.com", EP);
    assertThat(e.isFreshAt(T1.minusNanos(1))).isTrue();
    assertThat(e.isFreshAt(T1)).isFalse();
    assertThat(e.age(T0.plusSeconds(90))).isEqualTo(Duration.ofSeconds(90));
    assertThat(e.age(T0.minusSeconds(90))).isEqualTo(Duration.ZERO);
  }

  @Test
  void failureEntry_isAlwaysAddressScoped() {
    CacheEntry f = new CacheEntry.Failure("contoso.com", "jan@contoso.com", "not found", T0, T1);
    assertThat(f.scope()).isEqualTo(CacheEntry.Scope.ADDRESS);
    assertThat(f).isInstanceOfSatisfying(CacheEntry.Failure.class, x -> assertThat(x.reason()).isEqualTo("not found"));
  }

  @Test
  void endpointConstructor_rejectsInconsistentComponents() {
    assertThatThrownBy(() -> endpoint(CacheEntry.Scope.ADDRESS, "jan@fabrikam.com", EP))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address in domain");
    assertThatThrownBy(() -> new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com", EP,
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP, T1, T0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must be after storedAt");
    assertThatThrownBy(() -> endpoint(CacheEntry.Scope.ADDRESS, "jan@contoso.com",
        URI.create("https://contoso.com/ad?token=abc")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("query")
        .hasMessageNotContaining("abc");
    assertThatThrownBy(() -> endpoint(CacheEntry.Scope.ADDRESS, "jan@contoso.com", URI.create("https://Contoso.com/ad")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not lower case");
    assertThatThrownBy(() -> endpoint(CacheEntry.Scope.ADDRESS, "jan@contoso.com", URI.create("http://contoso.com/ad")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("absolute https");
    assertThatThrownBy(() -> endpoint(null, "jan@contoso.com", EP))
        .isInstanceOf(NullPointerException.class).hasMessage("scope");
    assertThatThrownBy(() -> new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, "contoso.com", "jan@contoso.com", EP,
        null, DiscoveryMethod.SCP, T0, T1)).isInstanceOf(NullPointerException.class).hasMessage("protocol");
  }

  @Test
  void failureConstructor_rejectsReasonsACacheWouldNotKeep() {
    assertThatThrownBy(() -> new CacheEntry.Failure("contoso.com", "jan@contoso.com", " ", T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must not be blank");
    assertThatThrownBy(() -> new CacheEntry.Failure("contoso.com", "jan@contoso.com", "a\nb", T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cacheable form");
    assertThatThrownBy(() -> new CacheEntry.Failure("contoso.com", "jan@contoso.com", "x".repeat(501), T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("500");
    assertThatThrownBy(() -> new CacheEntry.Failure("contoso.com", "jan@fabrikam.com", "not found", T0, T1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not an address in domain");
    assertThatThrownBy(() -> new CacheEntry.Failure("contoso.com", "jan@contoso.com", null, T0, T1))
        .isInstanceOf(NullPointerException.class).hasMessage("reason");
  }

  @Test
  void cacheableForms_dropSecretsAndNormalise() {
    assertThat(CacheEntry.cacheableEndpoint(URI.create("HTTPS://u:s3cret@Mail.Contoso.COM:8443/EWS/x%20y.svc?t=1#f")))
        .isEqualTo(URI.create("https://mail.contoso.com:8443/EWS/x%20y.svc"));
    assertThat(CacheEntry.cacheableReason("  one\r\ntwo\t")).isEqualTo("one  two");
    assertThat(CacheEntry.identityOf(EmailAddress.parse("Jan.Novak@Contoso.COM"))).isEqualTo("jan.novak@contoso.com");
    assertThatThrownBy(() -> CacheEntry.cacheableEndpoint(URI.create("https://contoso.com/" + "a".repeat(2100))))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2048");
  }
}
