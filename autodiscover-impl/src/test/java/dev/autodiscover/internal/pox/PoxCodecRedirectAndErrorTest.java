package dev.autodiscover.internal.pox;

import static dev.autodiscover.internal.pox.PoxTestSupport.TEXT_XML;
import static dev.autodiscover.internal.pox.PoxTestSupport.account;
import static dev.autodiscover.internal.pox.PoxTestSupport.utf8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.internal.xml.NotAutodiscoverException;
import org.junit.jupiter.api.Test;

/** {@link PoxCodec#parse} on answers that are not settings: the two redirect actions and error answers. */
class PoxCodecRedirectAndErrorTest {
  private final PoxCodec codec = PoxCodec.create();

  // ---------------------------------------------------------------- redirects

  @Test
  void parse_redirectAddr_returnsTargetAddress() throws Exception {
    String xml = account("""
        <Action>redirectAddr</Action>
        <RedirectAddr> jan.novak@contoso.mail.onmicrosoft.com </RedirectAddr>
        """);

    assertThat(codec.parse(utf8(xml), TEXT_XML))
        .isEqualTo(new PoxResponse.RedirectAddress("jan.novak@contoso.mail.onmicrosoft.com"));
  }

  @Test
  void parse_redirectUrl_returnsTargetUrl() throws Exception {
    String xml = account("""
        <Action>redirectUrl</Action>
        <RedirectUrl>https://autodiscover.emea.contoso.com/autodiscover/autodiscover.xml</RedirectUrl>
        """);

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isEqualTo(
        new PoxResponse.RedirectUrl("https://autodiscover.emea.contoso.com/autodiscover/autodiscover.xml"));
  }

  @Test
  void parse_actionIsCaseInsensitive() throws Exception {
    String xml = account("""
        <Action>REDIRECTURL</Action>
        <RedirectUrl>https://autodiscover.contoso.com/autodiscover/autodiscover.xml</RedirectUrl>
        """);

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isInstanceOf(PoxResponse.RedirectUrl.class);
  }

  @Test
  void parse_whenRedirectAddrMissing_rejects() {
    String xml = account("<Action>redirectAddr</Action><RedirectAddr>  </RedirectAddr>");

    assertThatThrownBy(() -> codec.parse(utf8(xml), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Action redirectAddr without a RedirectAddr");
  }

  @Test
  void parse_whenRedirectUrlMissing_rejects() {
    String xml = account("<Action>redirectUrl</Action>");

    assertThatThrownBy(() -> codec.parse(utf8(xml), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Action redirectUrl without a RedirectUrl");
  }

  @Test
  void parse_whenActionUnknown_rejects() {
    String xml = account("<Action>foo</Action>");

    assertThatThrownBy(() -> codec.parse(utf8(xml), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Action 'foo' is not settings, redirectAddr or redirectUrl");
  }

  @Test
  void parse_whenAccountHasNoActionAndNoProtocol_rejects() {
    assertThatThrownBy(() -> codec.parse(utf8(account("<AccountType>email</AccountType>")), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Account has no Action");
  }

  // ---------------------------------------------------------------- errors

  @Test
  void parse_error603UnderResponseInOuterNamespace_returnsError() throws Exception {
    String xml = """
        <?xml version="1.0" encoding="utf-8"?>
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response>
            <Error Time="14:05:31.2210457" Id="2718093411">
              <ErrorCode>603</ErrorCode>
              <Message>The Active Directory user wasn't found.</Message>
              <DebugData />
            </Error>
          </Response>
        </Autodiscover>
        """;

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isEqualTo(new PoxResponse.Error(
        603, "The Active Directory user wasn't found.", null, "14:05:31.2210457", "2718093411"));
  }

  @Test
  void parse_errorInsideAccountIn2006a_returnsError() throws Exception {
    String xml = account("""
        <Error Time="09:12:44.0191872" Id="1180436201">
          <ErrorCode> 500 </ErrorCode>
          <Message>The email address can't be found.</Message>
          <DebugData>MailboxNotFound; tenant=fabrikam</DebugData>
        </Error>
        """);

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isEqualTo(new PoxResponse.Error(
        500, "The email address can't be found.", "MailboxNotFound; tenant=fabrikam", "09:12:44.0191872",
        "1180436201"));
  }

  @Test
  void parse_errorWithNonNumericCodeAndNoAttributes_givesNulls() throws Exception {
    String xml = """
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response><Error><ErrorCode>6O3</ErrorCode><Message>Server Error</Message></Error></Response>
        </Autodiscover>""";

    assertThat(codec.parse(utf8(xml), TEXT_XML))
        .isEqualTo(new PoxResponse.Error(null, "Server Error", null, null, null));
  }

  @Test
  void parse_errorInAccountWinsOverAction() throws Exception {
    String xml = account("<Action>settings</Action><Error><ErrorCode>602</ErrorCode></Error>");

    assertThat(codec.parse(utf8(xml), TEXT_XML)).isEqualTo(new PoxResponse.Error(602, null, null, null, null));
  }

  @Test
  void parse_whenResponseIsEmpty_rejects() {
    String xml = """
        <Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006">
          <Response xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a"/>
        </Autodiscover>""";

    assertThatThrownBy(() -> codec.parse(utf8(xml), TEXT_XML))
        .isInstanceOf(NotAutodiscoverException.class)
        .hasMessage("Response has neither Account nor Error");
  }
}
