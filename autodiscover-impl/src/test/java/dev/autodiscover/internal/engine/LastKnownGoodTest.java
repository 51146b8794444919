package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.CacheEntry;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Method 7 and the cache-first mode, with the in-memory and file-backed caches. */
class LastKnownGoodTest extends EngineTestSupport {
  private static final String EWS = "https://mail.contoso.com/EWS/Exchange.asmx";

  @TempDir
  Path dir;

  private static String settings(String user) {
    return settingsXml("Jan", user, EWS, null);
  }

  private AutodiscoverRequest cached(String email, SettingsCache cache) {
    if (client.settingsCache() != cache) {
      configure(b -> b.settingsCache(cache));
    }
    return request(email);
  }

  @Test
  void success_storesTheEndpoint_andMethod7UsesItWhenEverythingElseFails() throws Exception {
    SettingsCache cache = SettingsCache.inMemory();
    net.host("autodiscover.contoso.com").https().enqueue(xml(settings("jan@contoso.com")));
    cached("jan@contoso.com", cache).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).resolve();
    assertThat(cache.lookup(EmailAddress.parse("jan@contoso.com"))).hasValueSatisfying(e ->
        assertThat(e).isInstanceOfSatisfying(CacheEntry.Endpoint.class, ep -> {
          assertThat(ep.endpoint()).isEqualTo(URI.create(AD));
          assertThat(ep.foundBy()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
        }));

    // The server moves its Autodiscover answer off the usual names, but the old endpoint still answers.
    net.host("autodiscover.contoso.com").https().enqueue(xml(settings("eva@contoso.com")));
    AutodiscoverResult second = cached("eva@contoso.com", cache).only(DiscoveryMethod.LAST_KNOWN_GOOD).resolve();

    assertThat(second.method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
    Attempt hit = attempt(second, DiscoveryMethod.LAST_KNOWN_GOOD, AttemptOutcome.CANDIDATES_FOUND);
    assertThat(hit.inputs()).anySatisfy(i -> assertThat(i).contains("DOMAIN entry for contoso.com"));
    assertThat(hit.inputs()).anySatisfy(i -> assertThat(i).startsWith("age "));
  }

  @Test
  void cacheMiss_isRecordedAsNotConfigured() {
    assertThatThrownBy(() -> cached("jan@contoso.com", SettingsCache.inMemory()).only(DiscoveryMethod.LAST_KNOWN_GOOD)
        .resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> assertThat(
            attempt(e, DiscoveryMethod.LAST_KNOWN_GOOD, AttemptOutcome.NOT_CONFIGURED).detail().orElseThrow())
            .contains("cache miss"));
  }

  @Test
  void lastKnownGoodFirst_sendsOnlyTheCachedRequest() throws Exception {
    SettingsCache cache = SettingsCache.inMemory();
    cache.storeEndpoint(EmailAddress.parse("jan@contoso.com"), URI.create(AD), dev.autodiscover.AutodiscoverProtocol.POX,
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    net.host("autodiscover.contoso.com").https().enqueue(xml(settings("jan@contoso.com")));
    net.host("contoso.com").https().enqueue(xml(settingsXml("Jan", "jan@contoso.com", "https://other/EWS", null)));

    AutodiscoverResult result = cached("jan@contoso.com", cache).lastKnownGoodFirst(true).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
    assertThat(result.trace().attempts().get(0).method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
    assertThat(net.host("contoso.com").https().getRequestCount()).isZero();
    assertThat(net.host("autodiscover.contoso.com").https().getRequestCount()).isEqualTo(1);
    // Nothing held back behind the cache runs once it answered, not even a DNS query after the result.
    Thread.sleep(300);
    assertThat(dns.queries()).isEmpty();
    assertThat(result.trace().attempts()).noneMatch(a -> a.method() == DiscoveryMethod.DNS_SRV
        && a.outcome() != AttemptOutcome.CANCELLED);
  }

  @Test
  void lastKnownGoodFirst_whenCachedEndpointFails_evictsAndFallsBackToFullDiscovery() throws Exception {
    SettingsCache cache = SettingsCache.inMemory();
    cache.storeEndpoint(EmailAddress.parse("jan@contoso.com"), URI.create("https://mail.contoso.com/autodiscover/autodiscover.xml"),
        dev.autodiscover.AutodiscoverProtocol.POX, DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    net.host("mail.contoso.com").https().enqueue(status(404));
    net.host("contoso.com").https().enqueue(xml(settings("jan@contoso.com")));

    AutodiscoverResult result = cached("jan@contoso.com", cache).lastKnownGoodFirst(true).resolve();

    assertThat(result.method()).isEqualTo(DiscoveryMethod.HTTPS_ROOT_DOMAIN);
    assertThat(result.trace().attempts()).anySatisfy(a -> {
      assertThat(a.method()).isEqualTo(DiscoveryMethod.LAST_KNOWN_GOOD);
      assertThat(a.detail().orElse("")).contains("entry evicted");
    });
    // The new endpoint replaced the stale one.
    assertThat(cache.lookup(EmailAddress.parse("jan@contoso.com")).orElseThrow()).isInstanceOfSatisfying(
        CacheEntry.Endpoint.class, e -> assertThat(e.endpoint()).isEqualTo(URI.create(ROOT)));
  }

  @Test
  void negativeEntry_endsACacheFirstRunAtOnce_untilInvalidated() {
    SettingsCache cache = SettingsCache.inMemory();
    assertThatThrownBy(() -> cached("jan@contoso.com", cache).only(DiscoveryMethod.HTTPS_ROOT_DOMAIN,
        DiscoveryMethod.LAST_KNOWN_GOOD).resolve()).isInstanceOf(AutodiscoverNotFoundException.class);
    int before = net.host("contoso.com").https().getRequestCount();

    assertThatThrownBy(() -> cached("jan@contoso.com", cache).lastKnownGoodFirst(true).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(e.getMessage()).contains("found nothing").contains("invalidate");
          assertThat(e.trace().attempts()).allSatisfy(a -> assertThat(a.httpMethod()).isEmpty());
        });
    assertThat(net.host("contoso.com").https().getRequestCount()).isEqualTo(before);

    cache.invalidate(EmailAddress.parse("jan@contoso.com"));
    assertThat(cache.lookup(EmailAddress.parse("jan@contoso.com"))).isEmpty();
  }

  @Test
  void fileCache_survivesANewInstance_andHoldsNoSecrets() throws Exception {
    Path file = dir.resolve("cache.properties");
    net.host("autodiscover.contoso.com").https().enqueue(dev.autodiscover.testkit.PoxResponses.unauthorized("Basic realm=\"x\""));
    net.host("autodiscover.contoso.com").https().enqueue(xml(settings("jan@contoso.com")));
    cached("jan@contoso.com", SettingsCache.file(file)).only(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .basicAuth("jan@contoso.com", "S3cret-Pa55".toCharArray()).resolve();

    assertThat(SettingsCache.file(file).lookup(EmailAddress.parse("jan@contoso.com")))
        .hasValueSatisfying(e -> assertThat(e).isInstanceOfSatisfying(CacheEntry.Endpoint.class,
            ep -> assertThat(ep.endpoint()).isEqualTo(URI.create(AD))));
    assertThat(Files.readString(file)).doesNotContain("S3cret").doesNotContain("Basic ");
  }
}
