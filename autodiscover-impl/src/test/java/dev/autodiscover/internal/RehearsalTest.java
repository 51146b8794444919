package dev.autodiscover.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import org.junit.jupiter.api.Test;

/** The whole lookup {@code warmUp()} rehearses on loopback. */
class RehearsalTest {
  @Test
  void run_walksTheDefaultMethods_andTakesTheAutodiscoverHostsAnswer() throws Exception {
    AutodiscoverResult result = Rehearsal.run();

    List<Attempt> attempts = result.trace().attempts();
    assertThat(attempts).extracting(Attempt::method).containsExactly(DiscoveryMethod.SCP,
        DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN,
        DiscoveryMethod.LOCAL_XML, DiscoveryMethod.HTTP_REDIRECT, DiscoveryMethod.DNS_SRV,
        DiscoveryMethod.LAST_KNOWN_GOOD);
    // The methods above the answer all ended before it was taken (the root's 404s come within its window); the
    // plain-HTTP probe and the SRV query below it may be cut short when the answer comes first.
    assertThat(attempts.subList(0, 4)).extracting(a -> a.outcome() + " " + a.url().map(Object::toString).orElse("-"))
        .containsExactly("NOT_CONFIGURED -", "NOT_FOUND https://example.com/autodiscover/autodiscover.xml",
            "NOT_FOUND https://example.com/autodiscover/autodiscover.svc",
            "SETTINGS https://autodiscover.example.com/autodiscover/autodiscover.xml");
    assertThat(result.ewsUrl().map(u -> u.uri().toString())).hasValue(Rehearsal.EWS_URL);
  }
}
