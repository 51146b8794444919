package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class BearerChallengeTest {
  private static final String EXO_BEARER = "Bearer client_id=\"00000002-0000-0ff1-ce00-000000000000\", "
      + "trusted_issuers=\"00000001-0000-0000-c000-000000000000@*\", "
      + "token_types=\"app_asserted_user_v1 service_asserted_app_v1\", "
      + "authorization_uri=\"https://login.microsoftonline.com/common/oauth2/authorize\", error=\"invalid_token\"";

  @Test
  void parse_exchangeOnlineChallenge_section7_4() {
    BearerChallenge c = BearerChallenge.parse(List.of(EXO_BEARER, "Basic Realm=\"\"")).orElseThrow();

    assertThat(c.authorizationUri()).contains(URI.create("https://login.microsoftonline.com/common/oauth2/authorize"));
    assertThat(c.clientId()).contains("00000002-0000-0ff1-ce00-000000000000");
    assertThat(c.trustedIssuers()).containsExactly("00000001-0000-0000-c000-000000000000@*");
    assertThat(c.tokenTypes()).containsExactly("app_asserted_user_v1", "service_asserted_app_v1");
    assertThat(c.error()).contains("invalid_token");
    assertThat(c.resourceId()).isEmpty();
  }

  @Test
  void parse_severalChallengesInOneHeader_unquotedValuesAndOddSpacing() {
    String header = "Negotiate, NTLM,Basic realm=\"mail.contoso.com, west\" ,  bearer   Authorization_URI ="
        + " https://login.windows.net/common/oauth2/authorize ,resource_id=00000002-0000-0ff1-ce00-000000000000,"
        + "trusted_issuers=\"00000001-0000-0000-c000-000000000000@4b8d2f61-9a3e-47c5-b1d0-6e2f8a9c3d14\"";

    BearerChallenge c = BearerChallenge.parse(List.of(header)).orElseThrow();

    assertThat(c.authorizationUri()).contains(URI.create("https://login.windows.net/common/oauth2/authorize"));
    assertThat(c.resourceId()).contains("00000002-0000-0ff1-ce00-000000000000");
    assertThat(c.trustedIssuers())
        .containsExactly("00000001-0000-0000-c000-000000000000@4b8d2f61-9a3e-47c5-b1d0-6e2f8a9c3d14");
    assertThat(WwwAuthenticate.schemes(List.of(header))).containsExactly("Negotiate", "NTLM", "Basic", "bearer");
    assertThat(WwwAuthenticate.parse(List.of(header)).get(2).params())
        .isEqualTo(Map.of("realm", "mail.contoso.com, west"));
  }

  @Test
  void parse_quotedEscapesAndToken68() {
    List<WwwAuthenticate.Challenge> challenges =
        WwwAuthenticate.parse(List.of("Negotiate YIIBhgYGKwYBBQUCoIIBejCC==, Bearer realm=\"a\\\"b\\\\c\""));

    assertThat(challenges).containsExactly(
        new WwwAuthenticate.Challenge("Negotiate", Map.of(), "YIIBhgYGKwYBBQUCoIIBejCC=="),
        new WwwAuthenticate.Challenge("Bearer", Map.of("realm", "a\"b\\c"), null));
  }

  @Test
  void parse_withoutBearer_isEmpty() {
    assertThat(BearerChallenge.parse(List.of("Basic realm=\"x\"", "Negotiate"))).isEmpty();
    assertThat(BearerChallenge.parse(List.of())).isEmpty();
  }

  @Test
  void parse_bareBearer_hasNoParameters() {
    BearerChallenge c = BearerChallenge.parse(List.of("Bearer")).orElseThrow();

    assertThat(c.params()).isEmpty();
    assertThat(c.authorizationUri()).isEmpty();
    assertThat(c.trustedIssuers()).isEmpty();
  }

  @Test
  void authorizationUri_onlyAbsoluteHttps() {
    assertThat(BearerChallenge.parse(List.of("Bearer authorization_uri=\"http://login.example/authorize\""))
        .orElseThrow().authorizationUri()).isEmpty();
    assertThat(BearerChallenge.parse(List.of("Bearer authorization_uri=\"/relative\"")).orElseThrow()
        .authorizationUri()).isEmpty();
    assertThat(BearerChallenge.parse(List.of("Bearer authorization_uri=\"https://a b\"")).orElseThrow()
        .authorizationUri()).isEmpty();
  }

  @Test
  void parse_malformedInput_neverThrows() {
    List<String> junk = List.of("", ",,,", "=", "Bearer ===", "Bearer a=\"unterminated", "\u0000\u00ff Bearer x=1",
        "Bearer a=, b=2", "(Bearer)");

    for (String value : junk) {
      WwwAuthenticate.parse(List.of(value));
      BearerChallenge.parse(List.of(value));
    }
    assertThat(BearerChallenge.parse(List.of("Bearer a=\"unterminated")).orElseThrow().params())
        .containsEntry("a", "unterminated");
    assertThat(BearerChallenge.parse(List.of("\u0000\u00ff Bearer x=1")).orElseThrow().params())
        .containsEntry("x", "1");
  }
}
