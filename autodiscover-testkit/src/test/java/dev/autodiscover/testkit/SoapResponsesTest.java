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

  @Test
  void domainResponses_carrySettingsErrorsAndRedirectsInOrder() {
    java.util.Map<String, String> settings = new java.util.LinkedHashMap<>();
    settings.put("ExternalEwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx?a=1&b=2");
    String xml = SoapResponses.domainResponses(
        SoapResponses.domainSettings(settings, "ExternalEwsVersion"),
        SoapResponses.domainRedirectUrl("https://mail.contoso.com/autodiscover/autodiscover.svc"),
        SoapResponses.domainError("InvalidDomain", "<not here>"));

    assertThat(xml).contains("<GetDomainSettingsResponseMessage").contains("GetDomainSettingsResponse</a:Action>")
        .contains("<Name>ExternalEwsUrl</Name><Value>https://mail.contoso.com/EWS/Exchange.asmx?a=1&amp;b=2</Value>")
        .contains("<SettingName>ExternalEwsVersion</SettingName>").contains("&lt;not here&gt;");
    assertThat(xml.indexOf("SettingIsNotAvailable")).isLessThan(xml.indexOf("RedirectUrl"));
    assertThat(xml.indexOf("RedirectUrl")).isLessThan(xml.indexOf("InvalidDomain"));
    assertThat(SoapResponses.domainResponseError("ServerBusy", "later")).contains("<ErrorCode>ServerBusy</ErrorCode>")
        .contains("GetDomainSettingsResponseMessage").doesNotContain("DomainResponses");
  }

  @Test
  void requestedDomains_readsDomainsInOrder() {
    String request = "<s:Envelope xmlns:s=\"" + SoapResponses.SOAP_NS + "\" xmlns:a=\"" + SoapResponses.AUTODISCOVER_NS
        + "\"><s:Body><a:GetDomainSettingsRequestMessage><a:Request><a:Domains><a:Domain> contoso.com </a:Domain>"
        + "<a:Domain>fabrikam.com</a:Domain></a:Domains></a:Request></a:GetDomainSettingsRequestMessage></s:Body>"
        + "</s:Envelope>";

    assertThat(SoapResponses.requestedDomains(request.getBytes(StandardCharsets.UTF_8)))
        .containsExactly("contoso.com", "fabrikam.com");
  }
}
