package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AttemptTrace#toJson()} with the API module alone (no autodiscover-impl on this test path). The
 * expected texts for ordinary content are the exact output of the Jackson-based renderer this one replaced.
 */
class AttemptTraceJsonTest {
  private static final String MINIMAL_HEAD = "[{\"round\":0,\"method\":\"DNS_SRV\",\"outcome\":\"not-found\"";
  private static final String MINIMAL_TAIL =
      ",\"retries\":0,\"startMillis\":0,\"durationMillis\":0,\"outlookStatus\":\"0x80004005\"}]";

  @Test
  void emptyTrace_isAnEmptyArray() {
    assertThat(AttemptTrace.of(List.of()).toJson()).isEqualTo("[]");
  }

  @Test
  void everyField_inTheOrderAndFormOfThePreviousRenderer() {
    Attempt full = Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
        .round(2).address(EmailAddress.parse("jane@example.com")).protocol(AutodiscoverProtocol.POX)
        .httpMethod("POST").url(URI.create("https://example.com/autodiscover/autodiscover.xml"))
        .httpStatus(401).authSchemes(List.of("Negotiate", "Basic"))
        .error(600, "Invalid Request").redirectTarget("https://mail.example.com/x")
        .authorizationUri(URI.create("https://login.example.com/common/oauth2/authorize"))
        .detail("server said \"no\"")
        .inputs(List.of("_autodiscover._tcp.example.com. 0 0 443 mail.example.com.", "second"))
        .retries(3).timing(Duration.ofMillis(1234), Duration.ofMillis(5678)).build();
    Attempt minimal = Attempt.builder(DiscoveryMethod.SCP, AttemptOutcome.EXCLUDED).build();

    assertThat(AttemptTrace.of(List.of(full, minimal)).toJson()).isEqualTo("[{\"round\":2,"
        + "\"method\":\"HTTPS_ROOT_DOMAIN\",\"outcome\":\"error-response\",\"address\":\"jane@example.com\","
        + "\"protocol\":\"POX\",\"httpMethod\":\"POST\","
        + "\"url\":\"https://example.com/autodiscover/autodiscover.xml\",\"httpStatus\":401,"
        + "\"authSchemes\":[\"Negotiate\",\"Basic\"],\"errorCode\":600,\"errorMessage\":\"Invalid Request\","
        + "\"redirectTarget\":\"https://mail.example.com/x\","
        + "\"authorizationUri\":\"https://login.example.com/common/oauth2/authorize\","
        + "\"detail\":\"server said \\\"no\\\"\","
        + "\"inputs\":[\"_autodiscover._tcp.example.com. 0 0 443 mail.example.com.\",\"second\"],"
        + "\"retries\":3,\"startMillis\":1234,\"durationMillis\":5678,\"outlookStatus\":\"0x800C8203\"},"
        + "{\"round\":0,\"method\":\"SCP\",\"outcome\":\"excluded\",\"retries\":0,\"startMillis\":0,"
        + "\"durationMillis\":0,\"outlookStatus\":\"0x8004010F\"}]");
  }

  @Test
  void subMillisecondTimingIsTruncatedAndLongRunsDoNotOverflow() {
    Attempt a = Attempt.builder(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_FOUND)
        .timing(Duration.ofNanos(999_999), Duration.ofDays(30)).build();

    assertThat(AttemptTrace.of(List.of(a)).toJson()).isEqualTo(MINIMAL_HEAD
        + ",\"retries\":0,\"startMillis\":0,\"durationMillis\":2592000000,\"outlookStatus\":\"0x80004005\"}]");
  }

  @Test
  void c0ControlCharacters_shortEscapesWhereJsonHasThemElseUpperCaseUnicodeEscapes() {
    StringBuilder all = new StringBuilder();
    for (char c = 0; c < 0x20; c++) {
      all.append(c);
    }

    assertThat(detailJson(all.toString())).isEqualTo("\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007"
        + "\\b\\t\\n\\u000B\\f\\r\\u000E\\u000F\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017"
        + "\\u0018\\u0019\\u001A\\u001B\\u001C\\u001D\\u001E\\u001F\"");
  }

  @Test
  void deleteAndC1Controls_lineAndParagraphSeparators_areEscaped() {
    assertThat(detailJson("a\u007Fb\u0080c\u009Bd\u009Fe\u2028f\u2029g"))
        .isEqualTo("\"a\\u007Fb\\u0080c\\u009Bd\\u009Fe\\u2028f\\u2029g\"");
  }

  @Test
  void quotesAndBackslashes_areEscaped_slashAndAngleBracketsAreNot() {
    assertThat(detailJson("say \"hi\" to C:\\dir\\ </script>"))
        .isEqualTo("\"say \\\"hi\\\" to C:\\\\dir\\\\ </script>\"");
  }

  @Test
  void nonAsciiAndSurrogatePairs_areWrittenAsIs() {
    assertThat(detailJson("Nov\u00E1k \u4E2D \uD83D\uDE00 \uDBFF\uDFFF"))
        .isEqualTo("\"Nov\u00E1k \u4E2D \uD83D\uDE00 \uDBFF\uDFFF\"");
  }

  @Test
  void unpairedSurrogates_areEscaped_pairsNextToThemAreKept() {
    assertThat(detailJson("\uD800")).isEqualTo("\"\\uD800\"");
    assertThat(detailJson("a\uDC00b")).isEqualTo("\"a\\uDC00b\"");
    assertThat(detailJson("\uDE00\uD83D")).isEqualTo("\"\\uDE00\\uD83D\"");
    assertThat(detailJson("\uD83D\uD83D\uDE00")).isEqualTo("\"\\uD83D\uD83D\uDE00\"");
    assertThat(detailJson("\uD83D\uDE00\uDE00x\uD83D")).isEqualTo("\"\uD83D\uDE00\\uDE00x\\uD83D\"");
  }

  @Test
  void hostileServerText_staysInsideItsValueInEveryStringField() {
    String evil = "x\",\"outcome\":\"settings\"}]\u001B[2J\u009B31m\n";
    String escaped = "\"x\\\",\\\"outcome\\\":\\\"settings\\\"}]\\u001B[2J\\u009B31m\\n\"";
    Attempt a = Attempt.builder(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
        .httpMethod(evil).authSchemes(List.of(evil, "Basic")).error(500, evil).redirectTarget(evil)
        .detail(evil).inputs(List.of(evil)).build();

    assertThat(AttemptTrace.of(List.of(a)).toJson()).isEqualTo("[{\"round\":0,"
        + "\"method\":\"HTTPS_AUTODISCOVER_DOMAIN\",\"outcome\":\"error-response\","
        + "\"httpMethod\":" + escaped + ",\"authSchemes\":[" + escaped + ",\"Basic\"],\"errorCode\":500,"
        + "\"errorMessage\":" + escaped + ",\"redirectTarget\":" + escaped + ",\"detail\":" + escaped
        + ",\"inputs\":[" + escaped + "],"
        + "\"retries\":0,\"startMillis\":0,\"durationMillis\":0,\"outlookStatus\":\"0x800C8203\"}]");
  }

  @Test
  void emptyStringsArePresent_emptyListsAreLeftOut() {
    Attempt a = Attempt.builder(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_FOUND)
        .detail("").authSchemes(List.of()).inputs(List.of("")).build();

    assertThat(AttemptTrace.of(List.of(a)).toJson())
        .isEqualTo(MINIMAL_HEAD + ",\"detail\":\"\",\"inputs\":[\"\"]" + MINIMAL_TAIL);
  }

  /** The JSON value written for {@code detail}, after checking everything around it. */
  private static String detailJson(String detail) {
    Attempt a = Attempt.builder(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_FOUND).detail(detail).build();
    String json = AttemptTrace.of(List.of(a)).toJson();
    String head = MINIMAL_HEAD + ",\"detail\":";
    assertThat(json).startsWith(head).endsWith(MINIMAL_TAIL);
    return json.substring(head.length(), json.length() - MINIMAL_TAIL.length());
  }
}
