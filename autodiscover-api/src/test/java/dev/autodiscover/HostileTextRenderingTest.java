package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Text from a hostile server in every text rendering of the API: shown as {@code \}{@code uXXXX} in
 * exception messages, {@link Attempt#toString()} and {@link AttemptTrace#toOutlookStyleLog()}, raw in the
 * structured accessors, escaped in {@link AttemptTrace#toJson()}.
 */
class HostileTextRenderingTest {
  /** A POX {@code Message} that forges a line of the CLI's report. */
  static final String FORGED_LINE = "bad\r\nEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  static final String FORGED_LINE_SHOWN = "bad\\u000D\\u000AEWS URL: https://ews.fabrikam-evil.net/EWS/Exchange.asmx";
  /** A v2 {@code ErrorMessage} that clears the terminal, rings the bell and prints a green OK. */
  static final String TERMINAL = "x\u001b[2J\u001b[32mOK\u0007";
  static final String TERMINAL_SHOWN = "x\\u001B[2J\\u001B[32mOK\\u0007";
  /** NEL, line and paragraph separators, C1 CSI, DEL and bidi overrides and isolates. */
  static final String OTHER = "a\u0085b\u2028c\u2029d\u009B2Je\u007Ff\u202Eg\u202Ah\u2066i\u2069j";
  static final String OTHER_SHOWN =
      "a\\u0085b\\u2028c\\u2029d\\u009B2Je\\u007Ff\\u202Eg\\u202Ah\\u2066i\\u2069j";

  private static final URI URL = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");
  private static final URI V2_URL =
      URI.create("https://contoso.com/autodiscover/autodiscover.json/v1.0/jan@contoso.com?Protocol=EWS");

  @Test
  void escape_showsEveryUnsafeCharacterAndKeepsTheRest() {
    assertThat(PrintableText.escape(FORGED_LINE)).isEqualTo(FORGED_LINE_SHOWN);
    assertThat(PrintableText.escape(TERMINAL)).isEqualTo(TERMINAL_SHOWN);
    assertThat(PrintableText.escape(OTHER)).isEqualTo(OTHER_SHOWN);
    assertThat(PrintableText.escape("\u0000\t\u001F\u200E\u200F\u061C\u202B\u202C\u202D\u2067\u2068"))
        .isEqualTo("\\u0000\\u0009\\u001F\\u200E\\u200F\\u061C\\u202B\\u202C\\u202D\\u2067\\u2068");
    assertThat(PrintableText.escape("ok \uD83D\uDE00 \u00E9 C:\\path \\u0041")).isEqualTo(
        "ok \uD83D\uDE00 \u00E9 C:\\path \\u0041");
    assertThat(PrintableText.escape("\uD83D|\uDE00")).isEqualTo("\\uD83D|\\uDE00");
    assertThat(PrintableText.escape(PrintableText.escape(OTHER))).isEqualTo(OTHER_SHOWN);
    assertThat(PrintableText.escape(null)).isEqualTo("null");
    assertThat(PrintableText.isUnsafe(0x1F600)).isFalse();
  }

  @Test
  void exceptionMessage_isOneSafeLine_structuredFieldsKeepTheRawText() {
    Attempt attempt = errorAttempt(500, FORGED_LINE);
    AutodiscoverErrorResponseException e = new AutodiscoverErrorResponseException(
        "Autodiscover server " + URL + " answered with error 500: " + FORGED_LINE, AttemptTrace.of(List.of(attempt)),
        500, FORGED_LINE, TERMINAL, null, null, URL);

    assertThat(e.getMessage()).isEqualTo("Autodiscover server " + URL + " answered with error 500: "
        + FORGED_LINE_SHOWN);
    assertThat(e.serverMessage()).contains(FORGED_LINE);
    assertThat(e.debugData()).contains(TERMINAL);
    assertThat(e.trace().attempts().get(0).errorMessage()).contains(FORGED_LINE);
    assertThat(new AutodiscoverNotFoundException("not found: " + TERMINAL + OTHER, AttemptTrace.of(List.of()))
        .getMessage()).isEqualTo("not found: " + TERMINAL_SHOWN + OTHER_SHOWN);
  }

  @Test
  void outlookStyleLog_showsNetworkTextEscaped() {
    Attempt error = errorAttempt(500, FORGED_LINE);
    Attempt v2 = Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
        .protocol(AutodiscoverProtocol.JSON_V2).httpMethod("GET").httpStatus(404).error(null, TERMINAL)
        .url(V2_URL)
        .build();
    Attempt redirect = Attempt.builder(DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.REDIRECT_URL)
        .httpMethod("POST").httpStatus(200).url(URL).redirectTarget("https://x.example/" + OTHER).build();
    Attempt refused = Attempt.builder(DiscoveryMethod.HTTP_REDIRECT, AttemptOutcome.REJECTED_BY_TRUST_POLICY)
        .url(URL).detail(FORGED_LINE).build();
    Attempt lookup = Attempt.builder(DiscoveryMethod.DNS_SRV, AttemptOutcome.NOT_FOUND)
        .url(URI.create("dns:_autodiscover._tcp.contoso.com")).inputs(List.of(TERMINAL)).detail(OTHER).build();
    Attempt failed = Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TLS_FAILURE)
        .httpMethod("POST").url(URL).authSchemes(List.of("Basic\u001b[8m")).detail(TERMINAL).build();

    assertThat(AttemptTrace.of(List.of(error, v2, redirect, refused, lookup, failed)).toOutlookStyleLog())
        .isEqualTo("""
            Autodiscover to %1$s starting (HTTPS root domain)
            GetLastError=0; httpStatus=200.
            Autodiscover error 500: %2$s
            Autodiscover to %1$s FAILED (0x800C8203)
            Autodiscover to %5$s starting (HTTPS root domain)
            GetLastError=0; httpStatus=404.
            Autodiscover error ?: %3$s
            Autodiscover to %5$s FAILED (0x800C8203)
            Autodiscover to %1$s starting (HTTPS autodiscover domain)
            GetLastError=0; httpStatus=200.
            Autodiscover to %1$s redirected to https://x.example/%4$s (redirect-url)
            Redirect to %1$s refused by trust policy: %2$s (0x800C8209)
            DNS SRV lookup dns:_autodiscover._tcp.contoso.com starting
              %3$s
            DNS SRV lookup dns:_autodiscover._tcp.contoso.com Failed (0x80004005) not-found: %4$s
            Autodiscover to %1$s starting (HTTPS root domain)
            GetLastError=0; httpStatus=401.
            AutoDiscover supported auth schemes: Basic\\u001B[8m
            GetLastError=12175; httpStatus=0.
            Autodiscover to %1$s FAILED (0x80004005) tls-failure: %3$s
            """.formatted(URL, FORGED_LINE_SHOWN, TERMINAL_SHOWN, OTHER_SHOWN, V2_URL));
  }

  @Test
  void attemptToString_isOneSafeLine() {
    Attempt a = Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.CONNECT_FAILURE)
        .httpMethod("POST").url(URL).detail(FORGED_LINE + TERMINAL + OTHER).build();

    assertThat(a.toString()).isEqualTo("Attempt[HTTPS_ROOT_DOMAIN POST " + URL + " -> connect-failure: "
        + FORGED_LINE_SHOWN + TERMINAL_SHOWN + OTHER_SHOWN + "]");
    assertThat(a.detail()).contains(FORGED_LINE + TERMINAL + OTHER);
  }

  @Test
  void json_escapesTheSameCharacters() {
    Attempt a = Attempt.builder(DiscoveryMethod.SCP, AttemptOutcome.ERROR_RESPONSE).error(603, OTHER).build();

    assertThat(AttemptTrace.of(List.of(a)).toJson()).contains("\"errorMessage\":\"" + OTHER_SHOWN + "\"");
  }

  private static Attempt errorAttempt(int code, String message) {
    return Attempt.builder(DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.ERROR_RESPONSE)
        .protocol(AutodiscoverProtocol.POX).httpMethod("POST").url(URL).httpStatus(200).error(code, message)
        .build();
  }

  @Test
  void settingsToString_escapesServerText_whileTheValuesStayRaw() {
    String hostile = "Jan\r\nEWS URL: https://evil.example/\u001b[2J\u202e";
    UserSettings user = UserSettings.builder().setting(UserSettingName.USER_DISPLAY_NAME, hostile).build();
    DomainSettings domain = DomainSettings.builder().setting("ExternalEwsVersion", hostile).build();

    assertThat(user.toString()).isEqualTo("UserSettings[settings={UserDisplayName=Jan\\u000D\\u000AEWS URL: "
        + "https://evil.example/\\u001B[2J\\u202E}, collections={}, errors=[]]");
    assertThat(domain.toString()).doesNotContain("\r", "\n", "\u001b", "\u202e").contains("\\u001B[2J");
    assertThat(user.userDisplayName()).hasValue(hostile);
  }
}
