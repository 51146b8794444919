package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.redirectAddrXml;
import static dev.autodiscover.testkit.PoxResponses.redirectUrlXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.unauthorized;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A redirect that a server gives one user ({@code redirectAddr} or {@code redirectUrl}) is that user's: it may
 * be cached for the address, never as the domain's last known good. Otherwise the next user of the domain is
 * sent, with his credentials, to a server that only knows the first one.
 */
class PerUserRedirectCacheTest extends EngineTestSupport {
  private static final String HOSTER = "https://autodiscover.hoster.net/autodiscover/autodiscover.xml";
  private static final String JAN_PASSWORD = "Jan-S3cret-Pa55";

  /** The client trusts the hoster, as an application serving some hosted users would. */
  private AutodiscoverRequest client(String email, SettingsCache cache) {
    configure(b -> b.settingsCache(cache)
        .redirectValidator(p -> p.target().getHost().equals("autodiscover.hoster.net")));
    return request(email).only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN,
            DiscoveryMethod.LAST_KNOWN_GOOD);
  }

  private static String body(RecordedRequest r) {
    return r.getBody() == null ? "" : r.getBody().utf8();
  }

  @ParameterizedTest
  @ValueSource(strings = {"redirectUrl", "redirectAddr"})
  void oneUsersRedirect_isNotTheDomainsLastKnownGood(String redirect) throws Exception {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> {
      if (body(r).contains("<EMailAddress>mia@contoso.com<")) {
        return xml(redirect.equals("redirectUrl") ? redirectUrlXml(HOSTER) : redirectAddrXml("mia@hoster.net"));
      }
      return r.getHeaders().get("Authorization") == null ? unauthorized("Basic realm=\"contoso\"")
          : xml(settingsXml("Jan", "jan.novak@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null));
    }));
    MockWebServer hoster = net.host("autodiscover.hoster.net").https();
    net.host("autodiscover.hoster.net").respondHttps(dispatcher(r -> body(r).contains("<EMailAddress>mia@")
        ? xml(settingsXml("Mia", "mia@hoster.net", "https://mail.hoster.net/EWS/Exchange.asmx", null))
        : unauthorized("Basic realm=\"hoster\"")));
    SettingsCache cache = SettingsCache.inMemory();

    AutodiscoverResult mia = client("mia@contoso.com", cache).resolve();
    assertThat(mia.endpoint()).isEqualTo(URI.create(HOSTER));
    assertThat(received(hoster)).isNotEmpty();
    events.events.clear();

    AutodiscoverResult jan = client("jan.novak@contoso.com", cache).lastKnownGoodFirst(true)
        .basicAuth("jan.novak@contoso.com", JAN_PASSWORD.toCharArray()).resolve();

    assertThat(jan.endpoint()).isEqualTo(URI.create(AD));
    assertThat(jan.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    Set<String> contacted = new TreeSet<>();
    for (String event : List.copyOf(events.events)) {
      if (event.startsWith("attemptStart ")) {
        contacted.add(URI.create(event.substring(event.lastIndexOf(' ') + 1)).getHost());
      }
    }
    assertThat(contacted).containsExactly("autodiscover.contoso.com", "contoso.com");
    assertThat(received(hoster)).isEmpty();
    assertThat(jan.trace().attempts()).noneMatch(a -> a.url().map(URI::getHost)
        .filter("autodiscover.hoster.net"::equals).isPresent());
    // Mia's redirect is remembered for her alone; the domain entry is the one jan's own run found.
    assertThat(cache.lookup(EmailAddress.parse("mia@contoso.com")).orElseThrow().scope())
        .isEqualTo(dev.autodiscover.CacheEntry.Scope.ADDRESS);
    assertThat(cache.lookup(EmailAddress.parse("carol@contoso.com")).orElseThrow())
        .isInstanceOfSatisfying(dev.autodiscover.CacheEntry.Endpoint.class, e -> {
          assertThat(e.endpoint()).isEqualTo(URI.create(AD));
          assertThat(e.identity()).isEqualTo("jan.novak@contoso.com");
        });
  }
}
