package dev.autodiscover.internal.http;

import static dev.autodiscover.internal.fuzz.Hostile.withinBudget;
import static dev.autodiscover.internal.fuzz.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import dev.autodiscover.internal.fuzz.Gen;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Properties of {@link WwwAuthenticate} and {@link BearerChallenge} for arbitrary and well-formed headers. */
class WwwAuthenticatePropertyTest {
  private static final String TOKEN_CHARS = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-.^_`|~";

  @Test
  void parse_ofArbitraryHeaders_neverThrowsAndYieldsWellFormedChallenges() {
    forAll("parse_ofArbitraryHeaders_neverThrowsAndYieldsWellFormedChallenges",
        WwwAuthenticatePropertyTest::headers, in -> withinBudget(() -> {
          for (WwwAuthenticate.Challenge c : WwwAuthenticate.parse(in)) {
            assertThat(c.scheme()).isNotEmpty();
            assertThat(c.scheme().chars()).allMatch(ch -> TOKEN_CHARS.indexOf(ch) >= 0);
            assertThat(c.params().keySet()).allMatch(k -> !k.isEmpty() && k.equals(k.toLowerCase(Locale.ROOT)));
          }
          assertThat(WwwAuthenticate.schemes(in)).doesNotHaveDuplicates();
          BearerChallenge.parse(in).ifPresent(b -> {
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
        }));
  }

  @Test
  void parse_ofRenderedChallenges_returnsThemExactly() {
    forAll("parse_ofRenderedChallenges_returnsThemExactly",
        r -> new Rendered(challenges(r), Gen.pick(r, ",", ", ", " , ", ",\t", ",,")), in -> {
          List<String> rendered = new ArrayList<>();
          for (WwwAuthenticate.Challenge c : in.sent()) {
            StringBuilder b = new StringBuilder(c.scheme());
            String sep = " ";
            for (Map.Entry<String, String> p : c.params().entrySet()) {
              b.append(sep).append(p.getKey()).append("=\"")
                  .append(p.getValue().replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
              sep = in.separator();
            }
            rendered.add(b.toString());
          }
          assertThat(WwwAuthenticate.parse(List.of(String.join(in.separator(), rendered)))).isEqualTo(in.sent());
          assertThat(WwwAuthenticate.parse(rendered)).isEqualTo(in.sent());
        });
  }

  private record Rendered(List<WwwAuthenticate.Challenge> sent, String separator) {}

  private static List<String> headers(Random r) {
    return Gen.list(r, 0, 4, g -> switch (g.nextInt(3)) {
      case 0 -> String.join("", Gen.list(g, 0, 30, f -> Gen.pick(f, "Bearer", "Basic", "NTLM", "Negotiate", "realm",
          "=", "==", "\"", "\\", ",", " ", "\t", "authorization_uri=",
          "\"https://login.microsoftonline.com/common/oauth2/authorize\"", "https://evil", "trusted_issuers=",
          "token_types=", "client_id=", "\"a,b\"", "TlRMTVNTUAAB", "\u0000", "\u00e9", "\r\n")));
      case 1 -> Gen.anyString(g, 300);
      default -> Gen.string(g, " ,=\"\\Bearer\t", 0, 200);
    });
  }

  private static List<WwwAuthenticate.Challenge> challenges(Random r) {
    return Gen.list(r, 0, 4, g -> {
      String scheme = Gen.string(g, TOKEN_CHARS, 1, 12);
      Map<String, String> params = new LinkedHashMap<>();
      for (int n = Gen.between(g, 0, 5); n > 0; n--) {
        params.put(Gen.string(g, TOKEN_CHARS, 1, 12).toLowerCase(Locale.ROOT), value(g));
      }
      return new WwwAuthenticate.Challenge(scheme, params, null);
    });
  }

  /** Any text up to 40 characters without CR or LF. */
  private static String value(Random r) {
    String v;
    do {
      v = Gen.anyString(r, 40);
    } while (v.chars().anyMatch(ch -> ch == '\r' || ch == '\n'));
    return v;
  }
}
