package dev.autodiscover;

import static dev.autodiscover.Properties.forAll;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Properties of {@link EmailAddress#parse}: it accepts only what it documents, in normalised form, and
 * refuses everything else with {@link InvalidEmailAddressException} whose message shows no raw control or
 * invisible character.
 */
class EmailAddressPropertyTest {
  private static final Duration BUDGET = Duration.ofSeconds(2);

  @Test
  void parse_ofAnyText_returnsANormalisedAddressOrThrowsInvalidEmailAddress() {
    forAll("parse_ofAnyText_returnsANormalisedAddressOrThrowsInvalidEmailAddress",
        EmailAddressPropertyTest::address, EmailAddressPropertyTest::check);
  }

  private static void check(String input) {
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

  private static String address(Random r) {
    return switch (r.nextInt(4)) {
      case 0 -> structured(r);
      case 1 -> structured(r) + ".";
      case 2 -> " " + structured(r) + "\t";
      default -> anyString(r, 300);
    };
  }

  private static String structured(Random r) {
    String local = String.join(".", parts(r, 4));
    String dot = pick(r, ".", "\u3002", "\uFF0E");
    return local + "@" + String.join(dot, parts(r, 6));
  }

  private static List<String> parts(Random r, int max) {
    List<String> out = new ArrayList<>();
    for (int n = 1 + r.nextInt(max); n > 0; n--) {
      out.add(r.nextBoolean() ? chars(r, "abcXYZ019.-_+!'", 1 + r.nextInt(10))
          : pick(r, "jan", "jan.novak", "contoso", "com", "example", "xn--bcher-kva", "b\u00fccher", "\u00dfa",
              "\u0130", "\uFF41", "\uFF11\uFF12", "\u0661", "a\uFE0Fb", "\uFE0F", "\u034F", "\u180B", "\u200D",
              "\u00AD", "\u3002", "\uFF0E", "\uFF61", ".", "..", "-", "a-", "-a", "@", "\"", "[1.2.3.4]", "mailto:",
              "SMTP:", "x".repeat(63), "x".repeat(64), "\u00e9".repeat(60), "\uD800", "\u0000", " ", "\u2028",
              "123"));
    }
    return out;
  }

  private static String chars(Random r, String alphabet, int length) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < length; i++) {
      b.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return b.toString();
  }

  /** Up to {@code max} UTF-16 units: mostly printable ASCII, also controls, Latin-1, any BMP unit. */
  private static String anyString(Random r, int max) {
    StringBuilder b = new StringBuilder();
    for (int i = r.nextInt(max + 1); i > 0; i--) {
      b.append((char) switch (r.nextInt(6)) {
        case 0 -> r.nextInt(0x20);
        case 1 -> 0x80 + r.nextInt(0x180);
        case 2 -> r.nextInt(0x10000);
        default -> 0x20 + r.nextInt(0x5F);
      });
    }
    return b.toString();
  }

  @SafeVarargs
  private static <T> T pick(Random r, T... values) {
    return values[r.nextInt(values.length)];
  }
}
