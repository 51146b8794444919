package dev.autodiscover.internal.http;

import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Properties of {@link WwwAuthenticate} and {@link BearerChallenge} for arbitrary and well-formed headers. */
class WwwAuthenticatePropertyTest {
  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

  @Property
  void parse_ofArbitraryHeaders_neverThrowsAndYieldsWellFormedChallenges(@ForAll("headers") List<String> headers)
      throws Exception {
    withinBudget(() -> {
      for (WwwAuthenticate.Challenge c : WwwAuthenticate.parse(headers)) {
        assertThat(c.scheme()).isNotEmpty();
        assertThat(c.scheme().chars()).allMatch(ch -> TOKEN_CHARS.indexOf(ch) >= 0);
        assertThat(c.params().keySet()).allMatch(k -> !k.isEmpty() && k.equals(k.toLowerCase(java.util.Locale.ROOT)));
      }
      assertThat(WwwAuthenticate.schemes(headers)).doesNotHaveDuplicates();
      BearerChallenge.parse(headers).ifPresent(b -> {
        b.authorizationUri().ifPresent(uri -> {
          assertThat(uri.getScheme()).isEqualToIgnoringCase("https");
          assertThat(uri.getHost()).isNotNull();
        });
        assertThat(b.trustedIssuers()).allMatch(s -> !s.isBlank());
        assertThat(b.tokenTypes()).allMatch(s -> !s.isBlank());
        b.clientId();
        b.resourceId();
        b.error();
      });
    });
  }

  @Property
  void parse_ofRenderedChallenges_returnsThemExactly(@ForAll("challenges") List<WwwAuthenticate.Challenge> sent,
      @ForAll("separators") String separator) {
    List<String> rendered = new ArrayList<>();
    for (WwwAuthenticate.Challenge c : sent) {
      StringBuilder b = new StringBuilder(c.scheme());
      String sep = " ";
      for (Map.Entry<String, String> p : c.params().entrySet()) {
        b.append(sep).append(p.getKey()).append("=\"")
            .append(p.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        sep = separator;
      }
      rendered.add(b.toString());
    }
    assertThat(WwwAuthenticate.parse(List.of(String.join(separator, rendered)))).isEqualTo(sent);
    assertThat(WwwAuthenticate.parse(rendered)).isEqualTo(sent);
  }

  @Provide
  Arbitrary<List<String>> headers() {
    Arbitrary<String> fragment = Arbitraries.of("Bearer", "Basic", "NTLM", "Negotiate", "realm", "=", "==", "\"",
        "\\", ",", " ", "\t", "authorization_uri=", "\"https://login.microsoftonline.com/common/oauth2/authorize\"",
        "https://evil", "trusted_issuers=", "token_types=", "client_id=", "\"a,b\"", "TlRMTVNTUAAB", "\u0000",
        "\u00e9", "\r\n");
    Arbitrary<String> built = fragment.list().ofMaxSize(30).map(l -> String.join("", l));
    return Arbitraries.oneOf(built, Arbitraries.strings().ofMaxLength(300), Arbitraries.strings()
        .withChars(" ,=\"\\Bearer\t").ofMaxLength(200)).list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<List<WwwAuthenticate.Challenge>> challenges() {
    Arbitrary<String> token = Arbitraries.strings().withChars(TOKEN_CHARS).ofMinLength(1).ofMaxLength(12);
    Arbitrary<String> value = Arbitraries.strings().ofMaxLength(40)
        .filter(v -> v.chars().noneMatch(ch -> ch == '\r' || ch == '\n'));
    Arbitrary<Map<String, String>> params = Arbitraries.maps(
        token.map(t -> t.toLowerCase(java.util.Locale.ROOT)), value).ofMaxSize(5).map(LinkedHashMap::new);
    return Combinators.combine(token, params).as((s, p) -> new WwwAuthenticate.Challenge(s, p, null))
        .list().ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> separators() {
    return Arbitraries.of(",", ", ", " , ", ",\t", ",,");
  }
}
