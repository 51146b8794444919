package dev.autodiscover.internal.v2;

import static dev.autodiscover.internal.v2.V2CodecTest.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Answers from hostile or confused servers: each must be {@link V2Response.NotV2}, fast, with a short reason. */
class V2CodecHostileInputTest {
  private static final String JSON = "application/json";
  private static final String OK_URL = "\"Url\":\"https://mail.contoso.com/EWS/Exchange.asmx\"";

  private final V2Codec codec = V2Codec.create();

  private String notV2(String body) {
    return notV2(utf8(body), JSON);
  }

  private String notV2(byte[] body, String contentType) {
    V2Response r = codec.parse(200, null, body, contentType);
    assertThat(r).isInstanceOf(V2Response.NotV2.class);
    String reason = ((V2Response.NotV2) r).reason();
    assertThat(reason.length()).isLessThan(200);
    return reason;
  }

  @Test
  void deepNesting_isRefused() {
    String deep = "[".repeat(10_000) + "]".repeat(10_000);

    assertThat(notV2("{\"Protocol\":\"EWS\"," + OK_URL + ",\"x\":" + deep + "}"))
        .startsWith("JSON exceeds a read limit: ").contains("nesting depth");
  }

  @Test
  void nestingJustUnderTheLimit_isRead() {
    String nested = "[".repeat(V2Codec.MAX_NESTING - 1) + "]".repeat(V2Codec.MAX_NESTING - 1);

    assertThat(codec.parse(200, null, utf8("{\"Protocol\":\"EWS\"," + OK_URL + ",\"x\":" + nested + "}"), JSON))
        .isInstanceOf(V2Response.Endpoint.class);
  }

  @Test
  void hugeString_isRefused() {
    assertThat(notV2("{\"Protocol\":\"" + "E".repeat(60_000) + "\"," + OK_URL + "}"))
        .startsWith("JSON exceeds a read limit: ").contains("String value length");
  }

  @Test
  void hugeNumber_isRefused() {
    assertThat(notV2("{\"Protocol\":\"EWS\"," + OK_URL + ",\"n\":" + "9".repeat(5_000) + "}"))
        .startsWith("JSON exceeds a read limit: ").contains("Number value length");
  }

  @Test
  void hugePropertyName_isRefused() {
    assertThat(notV2("{\"" + "k".repeat(5_000) + "\":1}")).startsWith("JSON exceeds a read limit: ");
  }

  @Test
  void oversizeDocument_isRefusedUnread() {
    byte[] body = utf8("{\"Protocol\":\"EWS\"," + OK_URL + "}" + " ".repeat(V2Codec.MAX_BODY_BYTES));

    assertThat(notV2(body, JSON)).isEqualTo("body larger than 65536 bytes");
  }

  @Test
  void duplicateKeys_areRefused() {
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":\"https://a.contoso.com/EWS/Exchange.asmx\","
        + "\"Url\":\"https://evil.example/EWS/Exchange.asmx\"}"))
        .startsWith("malformed JSON: ").contains("Duplicate field 'Url'");
  }

  @Test
  void wrongTypes_areRefused() {
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":42}")).isEqualTo("Url is not a string");
    assertThat(notV2("{\"Protocol\":[\"EWS\"]," + OK_URL + "}")).isEqualTo("Protocol is not a non-empty string");
    assertThat(notV2("{\"Protocol\":\"\"," + OK_URL + "}")).isEqualTo("Protocol is not a non-empty string");
    assertThat(notV2("{\"ErrorCode\":{\"x\":1}}")).isEqualTo("ErrorCode is not a non-empty string");
    assertThat(notV2("{\"ErrorCode\":\"X\",\"ErrorMessage\":7}")).isEqualTo("ErrorMessage is not a string");
    assertThat(notV2("[{\"Protocol\":\"EWS\"," + OK_URL + "}]")).isEqualTo("JSON body is not an object");
    assertThat(notV2("\"https://mail.contoso.com/EWS/Exchange.asmx\"")).isEqualTo("JSON body is not an object");
    assertThat(notV2("{\"Protocol\":\"EWS\"}")).isEqualTo("JSON has no Url");
  }

  @Test
  void badUrls_areRefused() {
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":\"/EWS/Exchange.asmx\"}"))
        .startsWith("Url is not an absolute http(s) URL");
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":\"file:///etc/passwd\"}"))
        .startsWith("Url is not an absolute http(s) URL");
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":\"javascript:alert(1)\"}"))
        .startsWith("Url is not an absolute http(s) URL");
    assertThat(notV2("{\"Protocol\":\"EWS\",\"Url\":\"https://a b/\"}")).startsWith("Url is not a URI");
  }

  @Test
  void trailingGarbage_isRefused() {
    assertThat(notV2("{\"Protocol\":\"EWS\"," + OK_URL + "} {\"Protocol\":\"Rest\"}")).startsWith("malformed JSON: ");
    assertThat(notV2("{\"Protocol\":\"EWS\"," + OK_URL + "}<html>")).startsWith("malformed JSON: ");
  }

  @Test
  void nonJson_isRefused() {
    assertThat(notV2("<html><body>Sign in</body></html>")).startsWith("malformed JSON: ");
    assertThat(notV2("{\"Protocol\":\"EWS\"," + OK_URL)).startsWith("malformed JSON: ");
    assertThat(notV2("")).isEqualTo("JSON body is not an object");
    assertThat(notV2(new byte[] {(byte) 0xC3, 0x28}, JSON)).startsWith("malformed JSON: ");
  }

  @Test
  void wrongContentType_isRefused() {
    byte[] ok = utf8("{\"Protocol\":\"EWS\"," + OK_URL + "}");

    assertThat(notV2(ok, "text/html; charset=utf-8")).isEqualTo("content type text/html is not JSON");
    assertThat(notV2(ok, "text/xml")).isEqualTo("content type text/xml is not JSON");
    assertThat(notV2(utf8("<Autodiscover/>"), null)).isEqualTo("no content type and the body does not start with '{'");
    assertThat(codec.parse(200, null, ok, null)).isInstanceOf(V2Response.Endpoint.class);
  }
}
