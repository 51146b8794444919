package dev.autodiscover.internal.engine;

import static dev.autodiscover.testkit.PoxResponses.redirect;
import static dev.autodiscover.testkit.PoxResponses.redirectAddrXml;
import static dev.autodiscover.testkit.PoxResponses.settingsXml;
import static dev.autodiscover.testkit.PoxResponses.unauthorized;
import static dev.autodiscover.testkit.PoxResponses.xml;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.RedirectProposal;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 5: an address redirect ({@code redirectAddr}) to another registrable domain passes the trust
 * decision of a host redirect before credentials follow it; discovery for the new address goes on anonymously.
 */
class AddressRedirectCredentialsTest extends EngineTestSupport {
  private static final String EVIL_AD = "https://autodiscover.fabrikam-evil.net/autodiscover/autodiscover.xml";
  private static final String EWS = "https://mail.fabrikam-evil.net/EWS/Exchange.asmx";

  /** Every request a host received, as "host Authorization-or-none". */
  private final List<String> seen = Collections.synchronizedList(new ArrayList<>());

  /** contoso redirects jan to fabrikam-evil.net; its autodiscover host challenges for Basic until given it. */
  private void contosoRedirectsJanToFabrikamEvil() {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r ->
        xml(redirectAddrXml("jan.novak@fabrikam-evil.net"))));
    net.host("fabrikam-evil.net").respondHttps(dispatcher(r -> {
      seen.add("fabrikam-evil.net " + r.getHeaders().get("Authorization"));
      return status(404);
    }));
    net.host("autodiscover.fabrikam-evil.net").respondHttps(dispatcher(r -> {
      String auth = r.getHeaders().get("Authorization");
      seen.add("autodiscover.fabrikam-evil.net " + auth);
      return auth == null ? unauthorized("Basic realm=\"fabrikam-evil\"")
          : xml(settingsXml("Jan", "jan.novak@fabrikam-evil.net", EWS, null));
    }));
  }

  /** The attempts other than the methods the request excluded. */
  private static List<Attempt> tried(dev.autodiscover.AttemptTrace trace) {
    return trace.attempts().stream().filter(a -> a.outcome() != AttemptOutcome.EXCLUDED).toList();
  }

  /** POX: these tests are about credentials; AUTO would add a SOAP request after each root domain's 404. */
  private dev.autodiscover.AutodiscoverRequest janWithBasic() {
    return request("jan.novak@contoso.com").protocol(dev.autodiscover.ProtocolChoice.POX)
        .only(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN).sequential()
        .basicAuth("jan.novak@contoso.com", "S3cret!".toCharArray());
  }

  @Test
  void redirectAddrToAnotherDomain_withoutValidator_credentialsAreWithheldThere() {
    contosoRedirectsJanToFabrikamEvil();

    assertThatThrownBy(() -> janWithBasic().resolve())
        .isInstanceOfSatisfying(AutodiscoverAuthenticationException.class, e -> {
          assertThat(tried(e.trace())).extracting(Attempt::outcome).containsExactly(
              AttemptOutcome.NOT_FOUND, AttemptOutcome.REDIRECT_ADDRESS,
              AttemptOutcome.NOT_FOUND, AttemptOutcome.AUTH_REQUIRED);
          Attempt challenged = tried(e.trace()).get(3);
          assertThat(challenged.url()).hasValue(URI.create(EVIL_AD));
          assertThat(challenged.address()).hasValueSatisfying(a -> assertThat(a)
              .hasToString("jan.novak@fabrikam-evil.net"));
          assertThat(challenged.detail().orElseThrow()).isEqualTo("server asks for Basic; credentials withheld: "
              + "host autodiscover.fabrikam-evil.net was reached by an address redirect to "
              + "jan.novak@fabrikam-evil.net, outside the user's registrable domain, and is not trusted for "
              + "credentials (add it with trustRedirectHosts or a RedirectValidator)");
          assertThat(e.trace().toJson()).doesNotContain("S3cret");
        });
    assertThat(seen).containsExactly("fabrikam-evil.net null", "autodiscover.fabrikam-evil.net null");
    assertThat(events.events.stream().filter(s -> s.startsWith("redirect "))).containsExactly(
        "redirect followed jan.novak@fabrikam-evil.net");
  }

  @Test
  void redirectAddrToAnotherDomain_validatorIsAskedOnceAndMayApprove() {
    contosoRedirectsJanToFabrikamEvil();
    List<RedirectProposal> asked = Collections.synchronizedList(new ArrayList<>());
    configure(b -> b.redirectValidator(p -> asked.add(p)));

    AutodiscoverResult result = janWithBasic().resolve();

    assertThat(result.finalAddress()).hasToString("jan.novak@fabrikam-evil.net");
    assertThat(result.endpoint()).isEqualTo(URI.create(EVIL_AD));
    assertThat(asked).hasSize(1);
    RedirectProposal proposal = asked.get(0);
    assertThat(proposal.address()).hasToString("jan.novak@fabrikam-evil.net");
    assertThat(proposal.method()).isEqualTo(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN);
    assertThat(proposal.from()).hasValue(URI.create(AD));
    assertThat(proposal.target()).isEqualTo(URI.create(EVIL_AD));
    assertThat(seen).hasSize(3);
    assertThat(seen.subList(0, 2)).containsExactly("fabrikam-evil.net null", "autodiscover.fabrikam-evil.net null");
    assertThat(seen.get(2)).startsWith("autodiscover.fabrikam-evil.net Basic ");
    assertThat(tried(result.trace())).extracting(Attempt::outcome).containsExactly(
        AttemptOutcome.NOT_FOUND, AttemptOutcome.REDIRECT_ADDRESS, AttemptOutcome.NOT_FOUND, AttemptOutcome.SETTINGS);
  }

  @Test
  void hybridRedirectAddrToTheTenantDomain_thenMicrosoftHost_resolvesWithTheDefaultTrustList() throws Exception {
    net.host("contoso.com").respondHttps(dispatcher(r -> status(404)));
    net.host("autodiscover.contoso.com").respondHttps(dispatcher(r ->
        xml(redirectAddrXml("jan.novak@contoso.mail.onmicrosoft.com"))));
    net.host("contoso.mail.onmicrosoft.com").respondHttps(dispatcher(r -> status(404)));
    net.host("autodiscover.contoso.mail.onmicrosoft.com").respondHttps(dispatcher(r ->
        redirect(302, "https://outlook.office365.com/autodiscover/autodiscover.xml")));
    var o365 = net.host("outlook.office365.com").https();
    o365.enqueue(unauthorized("Basic realm=\"\""));
    o365.enqueue(xml(settingsXml("Jan", "jan.novak@contoso.mail.onmicrosoft.com",
        "https://outlook.office365.com/EWS/Exchange.asmx", null)));

    AutodiscoverResult result = janWithBasic().resolve();

    assertThat(result.finalAddress()).hasToString("jan.novak@contoso.mail.onmicrosoft.com");
    assertThat(result.endpoint()).isEqualTo(URI.create("https://outlook.office365.com/autodiscover/autodiscover.xml"));
    var got = received(o365);
    assertThat(got).hasSize(2);
    assertThat(got.get(0).getHeaders().get("Authorization")).isNull();
    assertThat(got.get(1).getHeaders().get("Authorization")).startsWith("Basic ");
    assertThat(received(net.host("autodiscover.contoso.mail.onmicrosoft.com").https()))
        .extracting(r -> r.getHeaders().get("Authorization")).containsOnlyNulls();
    assertThat(tried(result.trace())).extracting(Attempt::outcome).containsExactly(
        AttemptOutcome.NOT_FOUND, AttemptOutcome.REDIRECT_ADDRESS, AttemptOutcome.NOT_FOUND,
        AttemptOutcome.HTTP_REDIRECT, AttemptOutcome.SETTINGS);
  }
}
