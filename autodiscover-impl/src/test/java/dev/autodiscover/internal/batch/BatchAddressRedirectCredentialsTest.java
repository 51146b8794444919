package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverAuthenticationException;
import dev.autodiscover.BatchItem;
import dev.autodiscover.RedirectProposal;
import dev.autodiscover.testkit.PoxResponses;
import dev.autodiscover.testkit.SoapResponses;
import mockwebserver3.Dispatcher;
import mockwebserver3.MockResponse;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.Test;

/**
 * Issue 10 item 5 through a batch: a SOAP {@code RedirectAddress} to another registrable domain passes the trust
 * decision of a host redirect before the batch's credentials follow it.
 */
class BatchAddressRedirectCredentialsTest extends BatchTestSupport {
  private static final String EVIL_AD = "https://autodiscover.fabrikam-evil.net/autodiscover/autodiscover.xml";
  private static final List<String> USERS = List.of("jan.novak@contoso.com", "eva.svoboda@contoso.com");

  /** Every request the fabrikam-evil.net host received, as its Authorization header or "none". */
  private final List<String> evilSeen = Collections.synchronizedList(new ArrayList<>());

  /** contoso's SOAP service moves both users to fabrikam-evil.net, whose host challenges for Basic. */
  private void contosoMovesUsersToFabrikamEvil() {
    serve("contoso.com", email -> SoapResponses.redirectAddress(email.replace("@contoso.com", "@fabrikam-evil.net")));
    net.host("autodiscover.fabrikam-evil.net").respondHttps(new Dispatcher() {
      @Override
      public MockResponse dispatch(RecordedRequest r) {
        String auth = r.getHeaders().get("Authorization");
        evilSeen.add(auth == null ? "none" : auth.substring(0, auth.indexOf(' ')));
        if (auth == null) {
          return PoxResponses.unauthorized("Basic realm=\"fabrikam-evil\"");
        }
        String body = r.getBody().utf8();
        String email = body.substring(body.indexOf("<EMailAddress>") + 14, body.indexOf("</EMailAddress>"));
        return PoxResponses.xml(PoxResponses.settingsXml("POX " + email, email,
            "https://mail.fabrikam-evil.net/EWS/Exchange.asmx", null));
      }
    });
  }

  @Test
  void soapRedirectAddressToAnotherDomain_withoutValidator_credentialsAreWithheld() {
    contosoMovesUsersToFabrikamEvil();

    List<BatchItem> items = batch(USERS).concurrency(1).basicAuth("svc@contoso.com", "S3cret!".toCharArray()).resolve();

    assertThat(items).extracting(BatchItem::isSuccess).containsExactly(false, false);
    for (BatchItem item : items) {
      assertThat(item.failure()).containsInstanceOf(AutodiscoverAuthenticationException.class);
      List<Attempt> tried = item.trace().attempts().stream().filter(a -> a.outcome() != AttemptOutcome.EXCLUDED
          && a.outcome() != AttemptOutcome.NOT_CONFIGURED).toList();
      assertThat(tried).extracting(Attempt::outcome).containsExactly(AttemptOutcome.SETTINGS,
          AttemptOutcome.REDIRECT_ADDRESS, AttemptOutcome.AUTH_REQUIRED);
      Attempt challenged = tried.get(2);
      assertThat(challenged.url()).hasValue(URI.create(EVIL_AD));
      assertThat(challenged.detail().orElseThrow()).isEqualTo("server asks for Basic; credentials withheld: host "
          + "autodiscover.fabrikam-evil.net was reached by an address redirect to "
          + item.address().orElseThrow().toString().replace("@contoso.com", "@fabrikam-evil.net")
          + ", outside the user's registrable domain, and is not trusted for credentials "
          + "(add it with trustRedirectHosts or a RedirectValidator)");
    }
    assertThat(evilSeen).containsExactly("none", "none");
  }

  @Test
  void soapRedirectAddressToAnotherDomain_validatorIsAskedOnceForTheWholeBatchAndMayApprove() {
    contosoMovesUsersToFabrikamEvil();
    List<RedirectProposal> asked = Collections.synchronizedList(new ArrayList<>());
    var approving = closeAfterTest(client.toBuilder().redirectValidator(asked::add).build());

    List<BatchItem> items = batch(approving, USERS).concurrency(1)
        .basicAuth("svc@contoso.com", "S3cret!".toCharArray()).resolve();

    assertThat(items).extracting(BatchItem::isSuccess).containsExactly(true, true);
    assertThat(items.get(0).userSettings().orElseThrow().userDisplayName()).contains("POX jan.novak@fabrikam-evil.net");
    assertThat(asked).hasSize(1);
    assertThat(asked.get(0).target()).isEqualTo(URI.create(EVIL_AD));
    assertThat(asked.get(0).address()).hasToString("jan.novak@fabrikam-evil.net");
    assertThat(asked.get(0).from())
        .hasValue(URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc"));
    // The first user's run is challenged, then approved; the second's is challenged, then answered from memory.
    assertThat(evilSeen).containsExactly("none", "Basic", "none", "Basic");
  }
}
