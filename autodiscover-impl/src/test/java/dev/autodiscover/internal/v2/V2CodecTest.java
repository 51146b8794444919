package dev.autodiscover.internal.v2;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.EmailAddress;
import dev.autodiscover.V2Protocol;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class V2CodecTest {
  private static final String JSON = "application/json; charset=utf-8";

  private final V2Codec codec = V2Codec.create();

  // ---------------------------------------------------------------- URLs

  @Test
  void requestUrl_currentForm_forEveryProtocol() {
    EmailAddress jan = EmailAddress.parse("jan.novak@contoso.com");

    assertThat(codec.requestUrl("outlook.office365.com", jan, V2Protocol.EWS)).isEqualTo(URI.create(
        "https://outlook.office365.com/autodiscover/autodiscover.json/v1.0/jan.novak@contoso.com?Protocol=EWS"));
    assertThat(codec.requestUrl("outlook.office365.com", jan, V2Protocol.ACTIVE_SYNC).getQuery())
        .isEqualTo("Protocol=ActiveSync");
    assertThat(codec.requestUrl("outlook.office365.com", jan, V2Protocol.AUTODISCOVER_V1).getQuery())
        .isEqualTo("Protocol=AutodiscoverV1");
    assertThat(codec.requestUrl("outlook.office365.com", jan, V2Protocol.REST).getQuery())
        .isEqualTo("Protocol=Rest");
  }

  @Test
  void requestUrl_percentEncodesTheAddressAsOnePathSegment() {
    EmailAddress odd = EmailAddress.parse("a/b?c#d%e@contoso.com");

    URI url = codec.requestUrl("autodiscover.contoso.com:8443", odd, V2Protocol.EWS);

    assertThat(url.getRawPath()).isEqualTo("/autodiscover/autodiscover.json/v1.0/a%2Fb%3Fc%23d%25e@contoso.com");
    assertThat(url.getPath()).endsWith("/v1.0/" + odd);
    assertThat(url.getRawQuery()).isEqualTo("Protocol=EWS");
    assertThat(url.getPort()).isEqualTo(8443);
  }

  @Test
  void requestUrl_keepsPlusAndUnicodeSafe() {
    URI url = codec.requestUrl("outlook.office365.com", EmailAddress.parse("jan+tag@contoso.com"), V2Protocol.EWS);

    assertThat(url.getRawPath()).endsWith("/v1.0/jan+tag@contoso.com");
  }

  @Test
  void requestUrl_badHost_isRejected() {
    EmailAddress jan = EmailAddress.parse("jan.novak@contoso.com");

    for (String host : new String[] {"", "evil.com/x", "a b.com", "user@evil.com", "evil.com:99999"}) {
      assertThatThrownBy(() -> codec.requestUrl(host, jan, V2Protocol.EWS))
          .as(host).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("host must be a host name");
    }
  }

  // ---------------------------------------------------------------- answers

  @Test
  void parse_endpoint() {
    V2Response r = codec.parse(200, null,
        utf8("{\"Protocol\":\"EWS\",\"Url\":\"https://outlook.office365.com/EWS/Exchange.asmx\"}"), JSON);

    assertThat(r).isEqualTo(new V2Response.Endpoint("EWS", URI.create("https://outlook.office365.com/EWS/Exchange.asmx")));
  }

  @Test
  void parse_autodiscoverV1Endpoint_withExtraFieldsAndOddCase() {
    V2Response r = codec.parse(200, null, utf8("""
        {"protocol":"AutodiscoverV1","url":"https://outlook.office365.com/autodiscover/autodiscover.xml","Extra":[1,{"a":null}]}
        """), "application/json");

    assertThat(r).isEqualTo(new V2Response.Endpoint("AutodiscoverV1",
        URI.create("https://outlook.office365.com/autodiscover/autodiscover.xml")));
  }

  @Test
  void parse_redirect() {
    String location = "https://autodiscover.contoso.com/autodiscover/autodiscover.json?Email=mia.lund%40contoso.com"
        + "&Protocol=ActiveSync&RedirectCount=1";

    assertThat(codec.parse(302, " " + location + " ", new byte[0], null))
        .isEqualTo(new V2Response.Redirect(302, location));
    assertThat(codec.parse(302, null, new byte[0], null))
        .isEqualTo(new V2Response.NotV2("HTTP 302 without a Location header"));
  }

  @Test
  void parse_errors_areTyped() {
    V2Response r = codec.parse(400, null, utf8("""
        {"ErrorCode":"InvalidProtocol","ErrorMessage":"The given protocol value 'Imap' is invalid. Supported values are 'Rest,ActiveSync,Ews'"}"""),
        JSON);

    assertThat(r).isEqualTo(new V2Response.Error(V2Response.Error.Code.INVALID_PROTOCOL, "InvalidProtocol",
        "The given protocol value 'Imap' is invalid. Supported values are 'Rest,ActiveSync,Ews'", 400));
    assertThat(((V2Response.Error) codec.parse(400, null, utf8("{\"ErrorCode\":\"MissingProtocol\"}"), JSON)).code())
        .isEqualTo(V2Response.Error.Code.MISSING_PROTOCOL);
    assertThat(((V2Response.Error) codec.parse(400, null,
        utf8("{\"ErrorCode\":\"ProtocolNotSupported\",\"ErrorMessage\":null}"), JSON)).code())
        .isEqualTo(V2Response.Error.Code.PROTOCOL_NOT_SUPPORTED);
    assertThat(((V2Response.Error) codec.parse(400, null,
        utf8("{\"ErrorCode\":\"MandatoryParameterMissing\",\"ErrorMessage\":\"\"}"), JSON)).code())
        .isEqualTo(V2Response.Error.Code.MANDATORY_PARAMETER_MISSING);
    assertThat(codec.parse(200, null, utf8("{\"ErrorCode\":\"SomethingNew\",\"ErrorMessage\":\"x\"}"), JSON))
        .isEqualTo(new V2Response.Error(V2Response.Error.Code.OTHER, "SomethingNew", "x", 200));
  }

  @Test
  void parse_otherStatuses_areNotV2() {
    assertThat(codec.parse(404, null, utf8("<html>404</html>"), "text/html"))
        .isEqualTo(new V2Response.NotV2("HTTP 404: no Autodiscover v2 here"));
    assertThat(codec.parse(401, null, new byte[0], null)).isInstanceOf(V2Response.NotV2.class);
    assertThat(codec.parse(400, null, utf8("{\"Message\":\"bad\"}"), JSON))
        .isEqualTo(new V2Response.NotV2("HTTP 400 without an ErrorCode"));
  }

  static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }
}
