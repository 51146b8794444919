package dev.autodiscover.internal.soap;

import static dev.autodiscover.internal.soap.SoapTestSupport.TEXT_XML;
import static dev.autodiscover.internal.soap.SoapTestSupport.resource;
import static dev.autodiscover.internal.soap.SoapTestSupport.userEnvelope;
import static dev.autodiscover.internal.soap.SoapTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

import dev.autodiscover.DomainSettingError;
import dev.autodiscover.DomainSettings;
import dev.autodiscover.UserSettingError;
import dev.autodiscover.UserSettingName;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The answers {@link SoapCodec} reads: {@code GetUserSettings} and {@code GetDomainSettings} results and faults. */
class SoapCodecTest {
  private final SoapCodec codec = SoapCodec.create();

  // ---------------------------------------------------------------- GetUserSettings answers

  @Test
  void parseGetUserSettings_fourUsers_resultsInRequestOrder() throws Exception {
    SoapResponse<UserSettings> response = codec.parseGetUserSettings(resource("user-settings-two-users.xml"), TEXT_XML);

    assertThat(response).isInstanceOf(SoapResponse.Answer.class);
    SoapResponse.Answer<UserSettings> answer = (SoapResponse.Answer<UserSettings>) response;
    assertThat(answer.serverVersion()).isEqualTo(new SoapResponse.ServerVersion(15, 2, 1544, 4, "Exchange2013_SP1"));
    assertThat(answer.results()).hasSize(4);
    assertThat(answer.results().get(0)).isInstanceOf(SoapResult.Settings.class);
    assertThat(answer.results().get(1))
        .isEqualTo(new SoapResult.RedirectAddress<UserSettings>("mia.lund@contoso.mail.onmicrosoft.com"));
    assertThat(answer.results().get(2)).isEqualTo(new SoapResult.RedirectUrl<UserSettings>(
        "https://autodiscover.fabrikam.net/autodiscover/autodiscover.svc"));
    assertThat(answer.results().get(3))
        .isEqualTo(new SoapResult.Error<UserSettings>("InvalidUser", "Invalid user: 'nobody@contoso.com'"));
  }

  @Test
  void parseGetUserSettings_settings_typedAccessorsRawValuesCollectionsAndErrors() throws Exception {
    UserSettings s = firstSettings(codec.parseGetUserSettings(resource("user-settings-two-users.xml"), TEXT_XML));

    assertThat(s.userDisplayName()).contains("Jan Novák");
    assertThat(s.userDN()).contains("/o=Contoso/ou=Exchange Administrative Group/cn=Recipients/cn=jan.novak");
    assertThat(s.userDeploymentId()).contains("0c7e9a52-31f4-4d8b-a6e2-5b19f0d3c847");
    assertThat(s.externalEwsUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(s.internalEwsUrl()).isEmpty();
    assertThat(s.casVersion()).contains("15.2.1544.4");
    assertThat(s.ewsSupportedSchemas())
        .containsExactly("Exchange2007", "Exchange2007_SP1", "Exchange2010", "Exchange2013_SP1");
    assertThat(s.get(UserSettingName.EXTERNAL_EWS_URL)).contains("https://mail.contoso.com/EWS/Exchange.asmx");
    assertThat(s.raw()).containsEntry("ExternalEwsUrl", " https://mail.contoso.com/EWS/Exchange.asmx ")
        .containsEntry("SomeFutureSetting", "kept & not dropped");
    assertThat(s.asMap()).containsOnlyKeys(UserSettingName.USER_DISPLAY_NAME, UserSettingName.USER_DN,
        UserSettingName.USER_DEPLOYMENT_ID, UserSettingName.EXTERNAL_EWS_URL, UserSettingName.EWS_SUPPORTED_SCHEMAS,
        UserSettingName.CAS_VERSION);
    assertThat(s.settingErrors()).containsExactly(
        new UserSettingError("InternalEwsUrl", "SettingIsNotAvailable", "No value for 'InternalEwsUrl' here."),
        new UserSettingError("FancyNewUrl", "InvalidSetting", "Unknown setting 'FancyNewUrl'."));

    assertThat(s.alternativeMailboxes()).hasSize(2);
    assertThat(s.alternativeMailboxes().get(0).type()).contains("Delegate");
    assertThat(s.alternativeMailboxes().get(0).smtpAddress()).contains("frontoffice@contoso.com");
    assertThat(s.alternativeMailboxes().get(1).server()).contains("arch01.contoso.com");
    assertThat(s.alternativeMailboxes().get(1).legacyDn()).contains("/o=Contoso/cn=archive-jan");
    assertThat(s.collections().get("ExternalWebClientUrls"))
        .containsExactly(Map.of("AuthenticationMethods", "Fba", "Url", "https://mail.contoso.com/owa/"));
    // An xsi:type the SDK has never heard of is still read by its shape.
    assertThat(s.collections().get("ExternalImap4Connections").get(0))
        .containsExactly(entry("Hostname", "imap.contoso.com"), entry("Port", "993"), entry("EncryptionMethod", "SSL"));
  }

  @Test
  void parseGetUserSettings_responseLevelErrors_areRequestErrors() throws Exception {
    for (String code : List.of("ServerBusy", "InvalidRequest", "InternalServerError")) {
      String xml = userEnvelope("<ErrorCode>" + code + "</ErrorCode><ErrorMessage>Try later.</ErrorMessage>"
          + "<UserResponses/>");

      assertThat(codec.parseGetUserSettings(utf8(xml), TEXT_XML))
          .isEqualTo(new SoapResponse.RequestError<UserSettings>(code, "Try later."));
    }
  }

  @Test
  void parseGetUserSettings_noUserResponses_isAnEmptyAnswer() throws Exception {
    String xml = userEnvelope("<ErrorCode>NoError</ErrorCode><ErrorMessage/><UserResponses/>");

    assertThat(codec.parseGetUserSettings(utf8(xml), TEXT_XML))
        .isEqualTo(new SoapResponse.Answer<UserSettings>(List.of(), null));
  }

  @Test
  void parseGetUserSettings_missingErrorCodes_meanNoError() throws Exception {
    String xml = userEnvelope("<UserResponses><UserResponse><UserSettings>"
        + "<UserSetting><Name>CasVersion</Name><Value>15.1.2507.6</Value></UserSetting>"
        + "<UserSetting><Name></Name><Value>nameless, skipped</Value></UserSetting>"
        + "<UserSetting><Name>UserMSOnline</Name><Value i:nil=\"true\"/></UserSetting>"
        + "</UserSettings></UserResponse></UserResponses>");

    UserSettings s = firstSettings(codec.parseGetUserSettings(utf8(xml), TEXT_XML));
    assertThat(s.raw()).containsExactly(entry("CasVersion", "15.1.2507.6"), entry("UserMSOnline", ""));
    assertThat(s.get(UserSettingName.USER_MS_ONLINE)).isEmpty();
  }

  @Test
  void parseGetUserSettings_redirectWithoutTarget_isAUserError() throws Exception {
    String xml = userEnvelope("<ErrorCode>NoError</ErrorCode><UserResponses>"
        + "<UserResponse><ErrorCode>RedirectAddress</ErrorCode><ErrorMessage>Moved.</ErrorMessage>"
        + "<RedirectTarget i:nil=\"true\"/></UserResponse>"
        + "<UserResponse><ErrorCode>RedirectUrl</ErrorCode><RedirectTarget>  </RedirectTarget></UserResponse>"
        + "</UserResponses>");

    SoapResponse.Answer<UserSettings> answer =
        (SoapResponse.Answer<UserSettings>) codec.parseGetUserSettings(utf8(xml), TEXT_XML);
    assertThat(answer.results()).containsExactly(
        new SoapResult.Error<>("RedirectAddress", "Moved. (no RedirectTarget given)"),
        new SoapResult.Error<>("RedirectUrl", "no RedirectTarget given"));
  }

  @Test
  void parseGetUserSettings_redirectTargetIsTrimmed() throws Exception {
    String xml = userEnvelope("<ErrorCode>NoError</ErrorCode><UserResponses><UserResponse>"
        + "<ErrorCode>RedirectAddress</ErrorCode><RedirectTarget>\n  mia@contoso.com \n</RedirectTarget>"
        + "</UserResponse></UserResponses>");

    assertThat(((SoapResponse.Answer<UserSettings>) codec.parseGetUserSettings(utf8(xml), TEXT_XML)).results())
        .containsExactly(new SoapResult.RedirectAddress<>("mia@contoso.com"));
  }

  @Test
  void parseGetUserSettings_fault_isParsedWithDetail() throws Exception {
    String xml = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
          <s:Body>
            <s:Fault>
              <faultcode xmlns:a="http://schemas.microsoft.com/exchange/services/2006/types">a:ErrorSchemaValidation</faultcode>
              <faultstring xml:lang="en-US">The request failed schema validation.</faultstring>
              <detail>
                <e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorSchemaValidation</e:ResponseCode>
                <e:LineNumber xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">12</e:LineNumber>
              </detail>
            </s:Fault>
          </s:Body>
        </s:Envelope>""";

    assertThat(codec.parseGetUserSettings(utf8(xml), TEXT_XML)).isEqualTo(new SoapResponse.Fault<UserSettings>(
        "ErrorSchemaValidation", "The request failed schema validation.",
        Map.of("ResponseCode", "ErrorSchemaValidation", "LineNumber", "12")));
    assertThat(codec.parseGetDomainSettings(utf8(xml), "application/soap+xml; charset=utf-8"))
        .isInstanceOf(SoapResponse.Fault.class);
  }

  @Test
  void parseGetUserSettings_minimalFault() throws Exception {
    String xml = "<s:Envelope xmlns:s=\"http://schemas.xmlsoap.org/soap/envelope/\"><s:Body><s:Fault>"
        + "<faultcode>s:Client</faultcode></s:Fault></s:Body></s:Envelope>";

    assertThat(codec.parseGetUserSettings(utf8(xml), TEXT_XML))
        .isEqualTo(new SoapResponse.Fault<UserSettings>("Client", "", Map.of()));
  }

  @Test
  void parseGetUserSettings_brokenServerVersionInfo_isIgnored() throws Exception {
    String xml = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">
          <s:Header><ServerVersionInfo xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover">
            <MajorVersion>fifteen</MajorVersion><Version>Exchange2013</Version></ServerVersionInfo></s:Header>
          <s:Body><GetUserSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover">
            <Response><ErrorCode>NoError</ErrorCode><UserResponses/></Response>
          </GetUserSettingsResponseMessage></s:Body>
        </s:Envelope>""";

    assertThat(codec.parseGetUserSettings(utf8(xml), TEXT_XML))
        .isEqualTo(new SoapResponse.Answer<UserSettings>(List.of(), null));
  }

  @Test
  void parseGetUserSettings_prefixedMessagesAndXsiTypes_areRead() throws Exception {
    String xml = """
        <soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"
            xmlns:a="http://schemas.microsoft.com/exchange/2010/Autodiscover"
            xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
          <soap:Body><a:GetUserSettingsResponseMessage><a:Response>
            <a:ErrorCode>NoError</a:ErrorCode><a:UserResponses><a:UserResponse>
              <a:ErrorCode>NoError</a:ErrorCode><a:UserSettings>
                <a:UserSetting xsi:type="a:StringSetting"><a:Name>InternalEwsUrl</a:Name>
                  <a:Value>https://ex01.corp.contoso.com/EWS/Exchange.asmx</a:Value></a:UserSetting>
              </a:UserSettings></a:UserResponse></a:UserResponses>
          </a:Response></a:GetUserSettingsResponseMessage></soap:Body>
        </soap:Envelope>""";

    assertThat(firstSettings(codec.parseGetUserSettings(utf8(xml), TEXT_XML)).internalEwsUrl())
        .contains(URI.create("https://ex01.corp.contoso.com/EWS/Exchange.asmx"));
  }

  @Test
  void parseGetUserSettings_domainAnswer_isNotAUserAnswer() {
    assertThatThrownBy(() -> codec.parseGetUserSettings(resource("domain-settings.xml"), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("SOAP Body holds GetDomainSettingsResponseMessage, not GetUserSettingsResponseMessage");
    assertThatThrownBy(() -> codec.parseGetDomainSettings(resource("user-settings-two-users.xml"), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("SOAP Body holds GetUserSettingsResponseMessage, not GetDomainSettingsResponseMessage");
  }

  // ---------------------------------------------------------------- GetDomainSettings answers

  @Test
  void parseGetDomainSettings_settingsAndDomainError() throws Exception {
    SoapResponse<DomainSettings> response = codec.parseGetDomainSettings(resource("domain-settings.xml"), TEXT_XML);

    SoapResponse.Answer<DomainSettings> answer = (SoapResponse.Answer<DomainSettings>) response;
    assertThat(answer.serverVersion()).isNull();
    assertThat(answer.results()).hasSize(2);
    DomainSettings d = ((SoapResult.Settings<DomainSettings>) answer.results().get(0)).settings();
    assertThat(d.externalEwsUrl()).contains(URI.create("https://mail.contoso.com/EWS/Exchange.asmx"));
    assertThat(d.externalEwsVersion()).isEmpty();
    assertThat(d.settingErrors())
        .containsExactly(new DomainSettingError("ExternalEwsVersion", "SettingIsNotAvailable", "Not available."));
    assertThat(answer.results().get(1))
        .isEqualTo(new SoapResult.Error<DomainSettings>("InvalidDomain", "The domain is not served here."));
  }

  @Test
  void parseGetDomainSettings_responseLevelError() throws Exception {
    String xml = """
        <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>
          <GetDomainSettingsResponseMessage xmlns="http://schemas.microsoft.com/exchange/2010/Autodiscover">
            <Response><ErrorCode>InvalidRequest</ErrorCode><ErrorMessage>Bad.</ErrorMessage></Response>
          </GetDomainSettingsResponseMessage></s:Body></s:Envelope>""";

    assertThat(codec.parseGetDomainSettings(utf8(xml), TEXT_XML))
        .isEqualTo(new SoapResponse.RequestError<DomainSettings>("InvalidRequest", "Bad."));
  }

  // ---------------------------------------------------------------- helpers

  private static UserSettings firstSettings(SoapResponse<UserSettings> response) {
    assertThat(response).isInstanceOf(SoapResponse.Answer.class);
    SoapResult<UserSettings> first = ((SoapResponse.Answer<UserSettings>) response).results().get(0);
    assertThat(first).isInstanceOf(SoapResult.Settings.class);
    return ((SoapResult.Settings<UserSettings>) first).settings();
  }
}
