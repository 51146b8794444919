package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one rule every typed settings URL accessor applies: absolute https, a host, no user info. */
class SettingsUrlRuleTest {
  private static final List<String> VALUES = List.of(
      "https://mail.contoso.com/EWS/Exchange.asmx",
      "HTTPS://Mail.Contoso.com:8443/EWS/Exchange.asmx",
      " https://mail.contoso.com/EWS/Exchange.asmx ",
      "http://ews.fabrikam-evil.net/EWS/Exchange.asmx",
      "javascript:alert(1)",
      "/EWS/Exchange.asmx",
      "https:///EWS/Exchange.asmx",
      "https://admin:pw@mail.contoso.com/EWS/Exchange.asmx",
      "https://mail.contoso.com/EWS/Exchange asmx",
      "file:///etc/passwd");

  private static String verdict(String value) {
    return ElementMap.urlProblem(value).orElse("ok");
  }

  @Test
  void urlProblem_namesTheReason_withoutQuotingTheValue() {
    assertThat(VALUES.stream().map(SettingsUrlRuleTest::verdict).toList()).containsExactly(
        "ok", "ok", "ok", "not https", "not https", "not an absolute URL", "has no host", "has user info",
        "not a URI", "not https");
  }

  @Test
  void typedAccessorsOfEveryView_returnExactlyTheUrlsTheRuleAccepts() {
    for (String value : VALUES) {
      Optional<URI> expected = verdict(value).equals("ok") ? Optional.of(URI.create(value.strip())) : Optional.empty();
      Map<String, String> pox = new LinkedHashMap<>();
      pox.put("EwsUrl", value);
      pox.put("External/OWAUrl", value);
      ProtocolSettings block = new ProtocolSettings("EXPR", pox);
      UserSettings user = UserSettings.builder().setting(UserSettingName.EXTERNAL_EWS_URL, value).build();

      assertThat(List.of(block.ewsUrl(), block.externalOwaUrl(), user.externalEwsUrl())).as(value)
          .containsExactly(expected, expected, expected);
      assertThat(block.elements()).as(value).containsEntry("EwsUrl", value);
      assertThat(user.raw()).as(value).containsEntry("ExternalEwsUrl", value);
    }
  }
}
