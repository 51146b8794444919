package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The protocol choice, the user settings option, the POX-to-user-settings view and the SOAP error code. */
class ProtocolChoiceAndResultTest {
  @Test
  void parse_readsLabelsAndNames_andSaysWhatIsValid() {
    assertThat(ProtocolChoice.parse(" SOAP ")).isEqualTo(ProtocolChoice.SOAP);
    assertThat(ProtocolChoice.parse("v2")).isEqualTo(ProtocolChoice.JSON_V2);
    assertThat(ProtocolChoice.parse("json_v2")).isEqualTo(ProtocolChoice.JSON_V2);
    assertThat(ProtocolChoice.parse("Auto")).isEqualTo(ProtocolChoice.AUTO);
    for (ProtocolChoice c : ProtocolChoice.values()) {
      assertThat(ProtocolChoice.parse(c.label())).isEqualTo(c);
    }
    assertThatThrownBy(() -> ProtocolChoice.parse("mapi")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'mapi'").hasMessageContaining("auto, pox, soap or v2");
    assertThatThrownBy(() -> ProtocolChoice.parse(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void v2Protocol_parsesWireAndConstantNames_andDefaultsToEws() {
    assertThat(V2Protocol.parse("activesync")).isEqualTo(V2Protocol.ACTIVE_SYNC);
    assertThat(V2Protocol.parse("ACTIVE_SYNC")).isEqualTo(V2Protocol.ACTIVE_SYNC);
    assertThat(V2Protocol.parse(" AutodiscoverV1 ")).isEqualTo(V2Protocol.AUTODISCOVER_V1);
    assertThat(V2Protocol.parse("rest")).isEqualTo(V2Protocol.REST);
    assertThatThrownBy(() -> V2Protocol.parse("mapi")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ActiveSync");
  }

  @Test
  void poxResult_offersTheProfileAsNamedUserSettings() {
    MailboxSettings pox = new MailboxSettings(
        new MailboxUser(Map.of("DisplayName", "Jan", "LegacyDN", "/o=Contoso/cn=jan", "DeploymentId", "d-1",
            "AutoDiscoverSMTPAddress", "jan@contoso.com")),
        Map.of(),
        List.of(new ProtocolSettings("EXPR", Map.of("EwsUrl", "https://mail.contoso.com/EWS/Exchange.asmx")),
            new ProtocolSettings("EXCH", Map.of("EwsUrl", "https://ex01.contoso.local/EWS/Exchange.asmx"))),
        List.of(new AlternativeMailbox(Map.of("Type", "Archive", "DisplayName", "Archive", "SmtpAddress",
            "archive@contoso.com"))),
        null, "<Autodiscover/>");
    EmailAddress jan = EmailAddress.parse("jan@contoso.com");
    AutodiscoverResult result = new AutodiscoverResult(jan, jan, pox,
        URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml"),
        DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptTrace.of(List.of()), Duration.ofMillis(5));

    UserSettings u = result.userSettings();
    assertThat(u.userDisplayName()).hasValue("Jan");
    assertThat(u.userDN()).hasValue("/o=Contoso/cn=jan");
    assertThat(u.userDeploymentId()).hasValue("d-1");
    assertThat(u.get(UserSettingName.AUTO_DISCOVER_SMTP_ADDRESS)).hasValue("jan@contoso.com");
    assertThat(u.externalEwsUrl()).hasValue(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(u.internalEwsUrl()).hasValue(URI.create("https://ex01.contoso.local/EWS/Exchange.asmx"));
    assertThat(u.alternativeMailboxes()).singleElement()
        .satisfies(m -> assertThat(m.smtpAddress()).hasValue("archive@contoso.com"));
    assertThat(result.protocol()).isEqualTo(AutodiscoverProtocol.POX);
    assertThat(result.toString()).contains("protocol=POX");
  }

  @Test
  void errorResponse_keepsTheSoapCodeBesideTheNearestPoxCode() {
    URI svc = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.svc");
    AutodiscoverErrorResponseException soap = new AutodiscoverErrorResponseException("no such user",
        AttemptTrace.of(List.of()), 500, "not found", null, null, null, svc, "InvalidUser");
    assertThat(soap.soapErrorCode()).hasValue("InvalidUser");
    assertThat(soap.errorCode()).isEqualTo(500);

    AutodiscoverErrorResponseException pox = new AutodiscoverErrorResponseException("603",
        AttemptTrace.of(List.of()), 603, null, null, null, null, svc);
    assertThat(pox.soapErrorCode()).isEmpty();
  }
}
