package dev.autodiscover.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SoapResponsesTest {
  @Test
  void userResponses_keepsOrderAndEscapesText() {
    String xml = SoapResponses.userResponses(
        SoapResponses.userSettings("Tom & Jerry", "tom@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null),
        SoapResponses.redirectAddress("tom@contoso.mail.onmicrosoft.com"),
        SoapResponses.userError("InvalidUser", "<gone>"));

    assertThat(xml).contains("Tom &amp; Jerry").contains("&lt;gone&gt;").contains("<ErrorCode>NoError</ErrorCode>")
        .contains("<SettingName>InternalEwsUrl</SettingName>")
        .contains("<RedirectTarget>tom@contoso.mail.onmicrosoft.com</RedirectTarget>");
    assertThat(xml.indexOf("Tom &amp; Jerry")).isLessThan(xml.indexOf("RedirectAddress"));
    assertThat(xml.indexOf("RedirectAddress")).isLessThan(xml.indexOf("InvalidUser"));
  }

  @Test
  void responseErrorAndFault_carryTheirCodes() {
    assertThat(SoapResponses.responseError("ServerBusy", "later")).contains("<ErrorCode>ServerBusy</ErrorCode>")
        .doesNotContain("UserResponses");
    assertThat(SoapResponses.faultResponse("Client", "bad").getCode()).isEqualTo(500);
  }

  @Test
  void requestedMailboxes_readsMailboxesInOrder_andRejectsNonXml() {
    String request = "<s:Envelope xmlns:s=\"" + SoapResponses.SOAP_NS + "\" xmlns:a=\"" + SoapResponses.AUTODISCOVER_NS
        + "\"><s:Body><a:GetUserSettingsRequestMessage><a:Request><a:Users>"
        + "<a:User><a:Mailbox> b@contoso.com </a:Mailbox></a:User><a:User><a:Mailbox>a&amp;b@contoso.com</a:Mailbox>"
        + "</a:User></a:Users></a:Request></a:GetUserSettingsRequestMessage></s:Body></s:Envelope>";

    assertThat(SoapResponses.requestedMailboxes(request.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("b@contoso.com", "a&b@contoso.com");
    assertThatThrownBy(() -> SoapResponses.requestedMailboxes("not xml".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
