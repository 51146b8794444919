package dev.autodiscover.internal.batch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.BatchItem;
import dev.autodiscover.testkit.SoapResponses;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 10 item 4 in a batch: a user's SOAP settings URLs pass the same check as a single discovery's. */
class BatchSettingsUrlTest extends BatchTestSupport {
  private static final String EVIL_HTTP = "http://ews.fabrikam-evil.net/EWS/Exchange.asmx";

  private static String soapSettingsDetail(BatchItem item) {
    List<Attempt> soap = item.trace().attempts().stream()
        .filter(a -> a.outcome() == AttemptOutcome.SETTINGS && a.protocol().orElse(null) == AutodiscoverProtocol.SOAP)
        .toList();
    assertThat(soap).hasSize(1);
    return soap.get(0).detail().orElse("");
  }

  @Test
  void resolve_plainHttpEwsUrlOfOneUser_isNotTheItemsEwsUrl_andIsNamedInItsTrace() {
    serve("contoso.com", email -> email.startsWith("evil")
        ? SoapResponses.userSettings("Evil", email, EVIL_HTTP, "javascript:alert(1)") : ok(email));

    List<BatchItem> items = batch(List.of("good@contoso.com", "evil@contoso.com")).resolve();

    assertThat(items).extracting(BatchItem::isSuccess).containsExactly(true, true);
    BatchItem good = items.get(0);
    BatchItem evil = items.get(1);
    assertThat(good.ewsUrl()).hasValueSatisfying(
        e -> assertThat(e.uri().toString()).isEqualTo("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(evil.ewsUrl()).isEmpty();
    assertThat(evil.userSettings().orElseThrow().externalEwsUrl()).isEmpty();
    assertThat(evil.userSettings().orElseThrow().raw()).containsEntry("ExternalEwsUrl", EVIL_HTTP);
    assertThat(soapSettingsDetail(evil)).isEqualTo(soapSettingsDetail(good)
        + "; refused settings URLs: ExternalEwsUrl (not https), InternalEwsUrl (not https)");
  }
}
