package dev.autodiscover.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.testkit.PoxResponses;
import org.junit.jupiter.api.Test;

/** Regression: a refusing RedirectValidator was asked twice about the same host in one run. */
class ValidatorAskedOnceTest extends EngineTestSupport {
  private static final String EVIL = "https://autodiscover.evil-hoster.net/autodiscover/autodiscover.xml";

  @Test
  void refusingValidator_isAskedOncePerHostInOneRun_althoughTwoMethodsAreRedirectedThere() {
    net.host("contoso.com").respondHttps(dispatcher(r -> PoxResponses.redirect(302, EVIL)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r -> PoxResponses.redirect(302, EVIL)));
    Map<String, AtomicInteger> asked = new ConcurrentHashMap<>();

    configure(b -> b.redirectValidator(p -> {
      asked.computeIfAbsent(p.target().getHost(), h -> new AtomicInteger()).incrementAndGet();
      return false;
    }));
    assertThatThrownBy(() -> request("jan@contoso.com")
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN)
        .sequential()
        .resolve()).isInstanceOf(AutodiscoverNotFoundException.class);

    assertThat(asked).containsOnlyKeys("autodiscover.evil-hoster.net");
    assertThat(asked.get("autodiscover.evil-hoster.net")).hasValue(1);
    assertThat(events.events.stream().filter(e -> e.startsWith("redirect "))).isEqualTo(List.of(
        "redirect refused " + EVIL, "redirect refused " + EVIL));
  }
}
