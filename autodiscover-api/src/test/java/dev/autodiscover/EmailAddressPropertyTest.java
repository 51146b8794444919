package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Properties of {@link EmailAddress#parse}: it accepts only what it documents, in normalised form, and
 * refuses everything else with {@link InvalidEmailAddressException} whose message shows no raw control or
 * invisible character.
 */
class EmailAddressPropertyTest {
  private static final Duration BUDGET = Duration.ofSeconds(2);

  @Property
  void parse_ofAnyText_returnsANormalisedAddressOrThrowsInvalidEmailAddress(@ForAll("addresses") String input) {
    long start = System.nanoTime();
    EmailAddress address;
    try {
      address = EmailAddress.parse(input);
    } catch (InvalidEmailAddressException e) {
      assertThat(e.getMessage()).isNotBlank().hasSizeLessThan(1200);
      assertThat(e.getMessage().chars()).noneMatch(c -> c != ' ' && (Character.isISOControl(c)
          || Character.isWhitespace(c) || Character.getType(c) == Character.FORMAT));
      return;
    } finally {
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(BUDGET);
    }
    String domain = address.domain();
    assertThat(address.toString()).hasSizeLessThanOrEqualTo(254).isEqualTo(address.localPart() + "@" + domain);
    assertThat(address.localPart()).hasSizeBetween(1, 64).matches("[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+(\\.[A-Za-z0-9!#$%&'*+/=?^_`{|}~-]+)*");
    assertThat(domain).hasSizeLessThanOrEqualTo(253)
        .matches("([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?")
        .doesNotMatch(".*\\.[0-9]+");
    // Normalising is idempotent: the normal form parses to itself.
    EmailAddress again = EmailAddress.parse(address.toString());
    assertThat(again.toString()).isEqualTo(address.toString());
    assertThat(again).isEqualTo(address).hasSameHashCodeAs(address);
  }

  @Provide
  Arbitrary<String> addresses() {
    Arbitrary<String> part = Arbitraries.oneOf(
        Arbitraries.strings().withChars("abcXYZ019.-_+!'").ofMinLength(1).ofMaxLength(10),
        Arbitraries.of("jan", "jan.novak", "contoso", "com", "example", "xn--bcher-kva", "b\u00fccher", "\u00dfa",
            "\u0130", "\uFF41", "\uFF11\uFF12", "\u0661", "a\uFE0Fb", "\uFE0F", "\u034F", "\u180B", "\u200D", "\u00AD",
            "\u3002", "\uFF0E", "\uFF61", ".", "..", "-", "a-", "-a", "@", "\"", "[1.2.3.4]", "mailto:", "SMTP:",
            "x".repeat(63), "x".repeat(64), "\u00e9".repeat(60), "\uD800", "\u0000", " ", "\u2028", "123"));
    Arbitrary<String> structured = Combinators.combine(part.list().ofMinSize(1).ofMaxSize(4),
            part.list().ofMinSize(1).ofMaxSize(6), Arbitraries.of(".", "\u3002", "\uFF0E"))
        .as((local, domain, dot) -> String.join(".", local) + "@" + String.join(dot, domain));
    return Arbitraries.oneOf(structured, structured.map(s -> s + "."), structured.map(s -> " " + s + "\t"),
        Arbitraries.strings().ofMaxLength(300));
  }
}
