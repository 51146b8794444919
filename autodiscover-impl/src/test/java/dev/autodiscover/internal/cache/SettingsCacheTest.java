package dev.autodiscover.internal.cache;

import static dev.autodiscover.internal.cache.CacheEntries.endpoint;
import static dev.autodiscover.internal.cache.CacheEntries.failure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsCacheTest {
  private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
  private static final EmailAddress JAN = EmailAddress.parse("Jan.Novak@contoso.com");
  private static final EmailAddress BOB = EmailAddress.parse("bob@contoso.com");
  private static final EmailAddress EVE = EmailAddress.parse("eve@fabrikam.com");
  private static final URI CONTOSO = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  private static final URI CONTOSO_SVC = URI.create("https://mail.contoso.com/autodiscover/autodiscover.svc");

  private final MutableClock clock = new MutableClock(T0);
  private final SettingsCache cache = new InMemorySettingsCache(
      SettingsCache.DEFAULT_ENDPOINT_TTL, SettingsCache.DEFAULT_FAILURE_TTL, 100, clock);

  @Test
  void lookup_whenNothingStored_isEmpty() {
    assertThat(cache.lookup(JAN)).isEmpty();
  }

  @Test
  void storeEndpoint_thenLookupSameAddress_returnsAddressEntryWithDefaultTtl() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.DNS_SRV);

    assertThat(cache.lookup(EmailAddress.parse("JAN.NOVAK@Contoso.com"))).contains(new CacheEntry.Endpoint(
        CacheEntry.Scope.ADDRESS, "contoso.com", "jan.novak@contoso.com", CONTOSO, AutodiscoverProtocol.POX,
        DiscoveryMethod.DNS_SRV, T0, T0.plus(Duration.ofDays(7))));
  }

  @Test
  void lookup_otherAddressOfSameDomain_returnsDomainEntry() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.SOAP, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);

    assertThat(cache.lookup(BOB)).contains(new CacheEntry.Endpoint(CacheEntry.Scope.DOMAIN, "contoso.com",
        "jan.novak@contoso.com", CONTOSO, AutodiscoverProtocol.SOAP, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, T0,
        T0.plus(Duration.ofDays(7))));
    assertThat(cache.lookup(EVE)).isEmpty();
  }

  @Test
  void lookup_prefersAddressEntryOverNewerDomainEntry() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.DNS_SRV);
    clock.advance(Duration.ofHours(1));
    cache.storeEndpoint(BOB, CONTOSO_SVC, AutodiscoverProtocol.SOAP, DiscoveryMethod.SCP);

    assertThat(endpoint(cache.lookup(JAN)).endpoint()).isEqualTo(CONTOSO);
    assertThat(endpoint(cache.lookup(BOB)).endpoint()).isEqualTo(CONTOSO_SVC);
    assertThat(endpoint(cache.lookup(EmailAddress.parse("carol@contoso.com"))))
        .satisfies(e -> assertThat(e.scope()).isEqualTo(CacheEntry.Scope.DOMAIN))
        .satisfies(e -> assertThat(e.endpoint()).isEqualTo(CONTOSO_SVC));
  }

  @Test
  void lookup_afterEndpointTtl_isEmptyAndEntriesAreRemoved() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.DNS_SRV);

    clock.advance(Duration.ofDays(7).minusNanos(1));
    assertThat(cache.lookup(JAN)).isPresent();
    assertThat(cache.lookup(BOB)).isPresent();
    clock.advance(Duration.ofNanos(1));
    assertThat(cache.lookup(JAN)).isEmpty();
    assertThat(cache).hasToString("SettingsCache[kind=in-memory, entries=0]");
  }

  @Test
  void lookup_whenAddressEntryExpired_fallsBackToFreshDomainEntry() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.DNS_SRV);
    clock.advance(Duration.ofDays(1));
    cache.storeEndpoint(BOB, CONTOSO_SVC, AutodiscoverProtocol.SOAP, DiscoveryMethod.SCP);
    clock.advance(Duration.ofDays(6));

    CacheEntry entry = cache.lookup(JAN).orElseThrow();
    assertThat(entry.scope()).isEqualTo(CacheEntry.Scope.DOMAIN);
    assertThat(entry.identity()).isEqualTo("bob@contoso.com");
    assertThat(entry.age(clock.instant())).isEqualTo(Duration.ofDays(6));
  }

  @Test
  void storeFailure_isAddressLevelOnlyAndExpiresAfterFailureTtl() {
    cache.storeFailure(JAN, "no method found an endpoint");

    assertThat(cache.lookup(JAN)).contains(new CacheEntry.Failure("contoso.com", "jan.novak@contoso.com",
        "no method found an endpoint", T0, T0.plus(Duration.ofMinutes(5))));
    assertThat(cache.lookup(BOB)).isEmpty();

    clock.advance(Duration.ofMinutes(5));
    assertThat(cache.lookup(JAN)).isEmpty();
  }

  @Test
  void storeEndpoint_replacesFailure_andFailureReplacesOnlyTheAddressEntry() {
    cache.storeFailure(JAN, "not found");
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.JSON_V2, DiscoveryMethod.O365_ENDPOINT);
    endpoint(cache.lookup(JAN));

    cache.storeFailure(JAN, "cached endpoint now fails");
    assertThat(failure(cache.lookup(JAN)).reason()).isEqualTo("cached endpoint now fails");
    assertThat(endpoint(cache.lookup(BOB)).endpoint()).isEqualTo(CONTOSO);
  }

  @Test
  void storeFailure_cleansReason() {
    cache.storeFailure(JAN, "  line one\r\nline two\t" + "x".repeat(600));

    String failure = failure(cache.lookup(JAN)).reason();
    assertThat(failure).startsWith("line one  line two ").doesNotContain("\n", "\r", "\t").hasSize(500);
  }

  @Test
  void storeEndpoint_keepsOnlySchemeHostPortAndPath() {
    cache.storeEndpoint(JAN, URI.create("HTTPS://user:s3cret@Mail.Contoso.COM:8443/EWS/x%20y.svc?token=abc#frag"),
        AutodiscoverProtocol.SOAP, DiscoveryMethod.SCP);

    URI stored = endpoint(cache.lookup(JAN)).endpoint();
    assertThat(stored).isEqualTo(URI.create("https://mail.contoso.com:8443/EWS/x%20y.svc"));
    assertThat(stored.getUserInfo()).isNull();
    assertThat(stored.getQuery()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {
      "http://user:s3cret@autodiscover.contoso.com/autodiscover?token=abc",
      "/autodiscover/autodiscover.xml",
      "https:opaque-s3cret",
      "https:///autodiscover/autodiscover.xml",
      "ftp://autodiscover.contoso.com/",
  })
  void storeEndpoint_whenNotAbsoluteHttps_throwsWithoutEchoingSecrets(String endpoint) {
    assertThatThrownBy(() -> cache.storeEndpoint(JAN, URI.create(endpoint), AutodiscoverProtocol.POX,
        DiscoveryMethod.SCP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("https")
        .hasMessageNotContaining("s3cret")
        .hasMessageNotContaining("token");
    assertThat(cache.lookup(JAN)).isEmpty();
  }

  @Test
  void storeEndpoint_whenTooLong_throws() {
    URI longUri = URI.create("https://contoso.com/" + "a".repeat(2100));
    assertThatThrownBy(() -> cache.storeEndpoint(JAN, longUri, AutodiscoverProtocol.POX, DiscoveryMethod.SCP))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("2048");
  }

  @Test
  void nullArguments_throwNullPointerExceptionNamingTheParameter() {
    assertThatThrownBy(() -> cache.lookup(null)).isInstanceOf(NullPointerException.class).hasMessage("address");
    assertThatThrownBy(() -> cache.storeEndpoint(JAN, null, AutodiscoverProtocol.POX, DiscoveryMethod.SCP))
        .isInstanceOf(NullPointerException.class).hasMessage("endpoint");
    assertThatThrownBy(() -> cache.storeEndpoint(JAN, CONTOSO, null, DiscoveryMethod.SCP))
        .isInstanceOf(NullPointerException.class).hasMessage("protocol");
    assertThatThrownBy(() -> cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, null))
        .isInstanceOf(NullPointerException.class).hasMessage("foundBy");
    assertThatThrownBy(() -> cache.storeFailure(JAN, null))
        .isInstanceOf(NullPointerException.class).hasMessage("reason");
    assertThatThrownBy(() -> cache.invalidate(null))
        .isInstanceOf(NullPointerException.class).hasMessage("address");
  }

  @Test
  void storeFailure_whenReasonBlank_throws() {
    assertThatThrownBy(() -> cache.storeFailure(JAN, " \n "))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("reason must not be blank");
  }

  @Test
  void maxEntries_evictsLeastRecentlyUsed() {
    SettingsCache small = new InMemorySettingsCache(Duration.ofDays(7), Duration.ofMinutes(5), 4, clock);
    EmailAddress a = EmailAddress.parse("a@one.example");
    EmailAddress b = EmailAddress.parse("b@two.example");
    EmailAddress c = EmailAddress.parse("c@three.example");
    small.storeEndpoint(a, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    small.storeEndpoint(b, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    assertThat(small.lookup(a)).isPresent(); // a's address entry is now the most recently used

    small.storeEndpoint(c, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);

    assertThat(small).hasToString("SettingsCache[kind=in-memory, entries=4]");
    assertThat(small.lookup(a)).isPresent();
    assertThat(small.lookup(b)).isPresent();
    assertThat(small.lookup(c)).isPresent();
    assertThat(small.lookup(EmailAddress.parse("x@one.example"))).isEmpty();
    assertThat(small.lookup(EmailAddress.parse("x@two.example"))).isEmpty();
    assertThat(small.lookup(EmailAddress.parse("x@three.example"))).isPresent();
  }

  @Test
  void invalidate_forgetsAddressAndDomainEntryButNotOtherAddresses() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    cache.storeEndpoint(EVE, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);

    cache.invalidate(BOB);
    assertThat(cache.lookup(BOB)).isEmpty();
    assertThat(cache.lookup(JAN)).isPresent();

    cache.invalidate(JAN);
    assertThat(cache.lookup(JAN)).isEmpty();
    assertThat(cache.lookup(EVE)).isPresent();

    cache.clear();
    assertThat(cache.lookup(EVE)).isEmpty();
    assertThat(cache).hasToString("SettingsCache[kind=in-memory, entries=0]");
  }

  @Test
  void toString_showsKindAndCountButNoContent() {
    cache.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    cache.storeFailure(EVE, "nothing answered");

    assertThat(cache).hasToString("SettingsCache[kind=in-memory, entries=3]");
  }

  @Test
  void storeAddressEndpoint_writesTheAddressEntryOnly_andLeavesTheDomainEntryAlone() {
    cache.storeEndpoint(BOB, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    cache.storeFailure(JAN, "not found");
    clock.advance(Duration.ofHours(1));

    cache.storeAddressEndpoint(JAN, URI.create("https://jan:pw@Autodiscover.Hoster.NET/autodiscover/autodiscover.xml?x=1"),
        AutodiscoverProtocol.POX, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);

    URI hoster = URI.create("https://autodiscover.hoster.net/autodiscover/autodiscover.xml");
    Instant t1 = T0.plus(Duration.ofHours(1));
    assertThat(cache.lookup(JAN)).contains(new CacheEntry.Endpoint(CacheEntry.Scope.ADDRESS, "contoso.com",
        "jan.novak@contoso.com", hoster, AutodiscoverProtocol.POX, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, t1,
        t1.plus(Duration.ofDays(7))));
    assertThat(cache.lookup(EmailAddress.parse("carol@contoso.com"))).contains(new CacheEntry.Endpoint(
        CacheEntry.Scope.DOMAIN, "contoso.com", "bob@contoso.com", CONTOSO, AutodiscoverProtocol.POX,
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, T0, T0.plus(Duration.ofDays(7))));
    assertThat(cache).hasToString("SettingsCache[kind=in-memory, entries=3]");
  }

  @Test
  void storeAddressEndpoint_withoutADomainEntry_leavesOtherAddressesWithNothing() {
    cache.storeAddressEndpoint(JAN, CONTOSO, AutodiscoverProtocol.SOAP, DiscoveryMethod.SCP);

    assertThat(endpoint(cache.lookup(JAN)).scope()).isEqualTo(CacheEntry.Scope.ADDRESS);
    assertThat(cache.lookup(BOB)).isEmpty();
    assertThatThrownBy(() -> cache.storeAddressEndpoint(JAN, URI.create("http://contoso.com/"),
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> cache.storeAddressEndpoint(null, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP))
        .isInstanceOf(NullPointerException.class).hasMessage("address");
  }

  @Test
  void factories_makeTheImplementationsCachesOnFirstUse() {
    SettingsCache made = SettingsCache.inMemory();
    assertThat(made).hasToString("SettingsCache[kind=in-memory, entries=0]");

    made.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);

    assertThat(endpoint(made.lookup(BOB)).endpoint()).isEqualTo(CONTOSO);
    assertThat(made).hasToString("SettingsCache[kind=in-memory, entries=2]");
  }

  @Test
  void concurrentStoresAndLookups_loseNothing() throws Exception {
    SettingsCache shared = SettingsCache.inMemory();
    int threads = 8;
    int perThread = 200;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          start.await();
          for (int i = 0; i < perThread; i++) {
            EmailAddress a = EmailAddress.parse("user" + i + "@t" + thread + ".example");
            shared.storeEndpoint(a, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
            assertThat(shared.lookup(a)).isPresent();
          }
          return null;
        }));
      }
      start.countDown();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    for (int t = 0; t < threads; t++) {
      for (int i = 0; i < perThread; i++) {
        CacheEntry e = shared.lookup(EmailAddress.parse("user" + i + "@t" + t + ".example")).orElseThrow();
        assertThat(e.scope()).isEqualTo(CacheEntry.Scope.ADDRESS);
      }
    }
    assertThat(shared).hasToString("SettingsCache[kind=in-memory, entries=" + (threads * perThread + threads) + "]");
  }
}
