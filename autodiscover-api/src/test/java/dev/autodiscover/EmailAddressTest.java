package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class EmailAddressTest {
  private static final String L64 = "l".repeat(64);
  private static final String D63 = "d".repeat(63);
  private static final String ATEXT = "use ASCII letters, digits and ! # $ % & ' * + - / = ? ^ _ ` { | } ~, with single"
      + " dots between.";
  private static final String HIDDEN = "; an address has no white space, control or invisible characters, so remove it.";

  @Test
  void parse_trimsLowerCasesDomainAndKeepsLocalPart() {
    EmailAddress a = EmailAddress.parse("  Jan.Novak@Contoso.COM. ");
    assertThat(a.localPart()).isEqualTo("Jan.Novak");
    assertThat(a.domain()).isEqualTo("contoso.com");
    assertThat(a).hasToString("Jan.Novak@contoso.com").isEqualTo(EmailAddress.parse("jan.novak@contoso.com"));
  }

  static Stream<Arguments> good() {
    return Stream.of(
        arguments("jan@Bücher.example", "jan@xn--bcher-kva.example"),
        arguments("jan@contoso\u3002com", "jan@contoso.com"),
        arguments("jan+tag@contoso.com", "jan+tag@contoso.com"),
        arguments("a/b?c#d%e@contoso.com", "a/b?c#d%e@contoso.com"),
        arguments("o'hara!{x}|~^=$*&`_-@mail.contoso.co.uk", "o'hara!{x}|~^=$*&`_-@mail.contoso.co.uk"),
        arguments("\tjan@contoso.com\n", "jan@contoso.com"),
        arguments(L64 + "@contoso.com", L64 + "@contoso.com"),
        arguments("jan@" + D63 + ".com", "jan@" + D63 + ".com"),
        // 64 + 1 + 189 = 254 characters, the longest address.
        arguments(L64 + "@" + D63 + "." + D63 + "." + "d".repeat(61), L64 + "@" + D63 + "." + D63 + "." + "d".repeat(61)));
  }

  @ParameterizedTest
  @MethodSource("good")
  void parse_whenWellFormed_normalises(String input, String normalised) {
    assertThat(EmailAddress.parse(input)).hasToString(normalised);
  }

  static Stream<Arguments> bad() {
    String domain255 = D63 + "." + D63 + "." + D63 + "." + D63;
    String address255 = L64 + "@" + D63 + "." + D63 + "." + "d".repeat(62);
    return Stream.of(
        arguments("", "The email address is empty; pass an address such as jan@contoso.com."),
        arguments(" \t ", "The email address is empty; pass an address such as jan@contoso.com."),
        arguments("mailto:jan@contoso.com", "Invalid email address 'mailto:jan@contoso.com': it starts with 'mailto:';"
            + " remove the mailto: prefix and pass the bare address, such as jan@contoso.com."),
        arguments("SMTP:jan@contoso.com", "Invalid email address 'SMTP:jan@contoso.com': it starts with 'SMTP:';"
            + " remove the SMTP: prefix and pass the bare address, such as jan@contoso.com."),
        arguments("a@b@contoso.com", "Invalid email address 'a@b@contoso.com': it contains 2 '@' characters; an"
            + " address has exactly one, between the mailbox name and the domain, such as jan@contoso.com."),
        arguments("\"odd@local\"@contoso.com", "Invalid email address '\"odd@local\"@contoso.com': quoted local parts"
            + " are not supported; use a mailbox name without quotes, such as jan.novak@contoso.com."),
        arguments("jan.contoso.com", "Invalid email address 'jan.contoso.com': it has no '@'; pass an address such as"
            + " jan@contoso.com."),
        arguments("jan novak@contoso.com", "Invalid email address 'jan novak@contoso.com': it contains a space at"
            + " position 4" + HIDDEN),
        arguments("jan@conto so.com", "Invalid email address 'jan@conto so.com': it contains a space at position 10"
            + HIDDEN),
        arguments("jan\u0000@contoso.com", "Invalid email address 'jan\\u0000@contoso.com': it contains the control"
            + " character \\u0000 at position 4" + HIDDEN),
        arguments("jan\r\nBcc: x@contoso.com", "Invalid email address 'jan\\u000D\\u000ABcc: x@contoso.com': it contains"
            + " the control character \\u000D at position 4" + HIDDEN),
        arguments("jan\u202E@contoso.com", "Invalid email address 'jan\\u202E@contoso.com': it contains the character"
            + " \\u202E at position 4" + HIDDEN),
        arguments("@contoso.com", "Invalid email address '@contoso.com': the mailbox name before '@' is empty; pass an"
            + " address such as jan@contoso.com."),
        arguments(".jan@contoso.com", "Invalid email address '.jan@contoso.com': the mailbox name before '@' starts"
            + " with a dot; remove it."),
        arguments("jan.@contoso.com", "Invalid email address 'jan.@contoso.com': the mailbox name before '@' ends with"
            + " a dot; remove it."),
        arguments("jan..novak@contoso.com", "Invalid email address 'jan..novak@contoso.com': the mailbox name before"
            + " '@' has two dots in a row; use single dots."),
        arguments("r&d<team>@contoso.com", "Invalid email address 'r&d<team>@contoso.com': the mailbox name before '@'"
            + " contains '<', which is not allowed; " + ATEXT),
        arguments("jän@contoso.com", "Invalid email address 'jän@contoso.com': the mailbox name before '@' contains 'ä'"
            + " (\\u00E4), which is not allowed; " + ATEXT),
        arguments("l" + L64 + "@contoso.com", "Invalid email address 'l" + L64 + "@contoso.com': the mailbox name"
            + " before '@' is 65 characters long; at most 64 are allowed."),
        arguments("jan@", "Invalid email address 'jan@': the domain after '@' is empty; pass an address such as"
            + " jan@contoso.com."),
        arguments("jan@[10.0.0.1]", "Invalid email address 'jan@[10.0.0.1]': IP address literals are not supported;"
            + " Autodiscover needs a DNS domain, such as contoso.com."),
        arguments("jan@10.0.0.1", "Invalid email address 'jan@10.0.0.1': the domain '10.0.0.1' ends in a numeric"
            + " label, like an IP address; Autodiscover needs a DNS domain, such as contoso.com."),
        // Fullwidth digits become ASCII ones in IDNA: the numeric check applies to the converted label.
        arguments("jan@contoso.\uFF11\uFF12", "Invalid email address 'jan@contoso.\uFF11\uFF12': the domain"
            + " 'contoso.12' ends in a numeric label, like an IP address; Autodiscover needs a DNS domain, such as"
            + " contoso.com."),
        arguments("jan@localhost", "Invalid email address 'jan@localhost': the domain 'localhost' has only one label;"
            + " use a full domain such as contoso.com."),
        arguments("jan@contoso..com", "Invalid email address 'jan@contoso..com': the domain after '@' has an empty"
            + " label (a leading dot or two dots in a row); use a domain such as contoso.com."),
        arguments("jan@.contoso.com", "Invalid email address 'jan@.contoso.com': the domain after '@' has an empty"
            + " label (a leading dot or two dots in a row); use a domain such as contoso.com."),
        arguments("jan@conto_so.com", "Invalid email address 'jan@conto_so.com': the domain after '@' contains '_',"
            + " which is not allowed in a host name; use letters, digits and hyphens, with dots between labels."),
        arguments("jan@-contoso.com", "Invalid email address 'jan@-contoso.com': the domain label '-contoso' starts"
            + " with a hyphen; host name labels start and end with a letter or digit."),
        arguments("jan@contoso-.com", "Invalid email address 'jan@contoso-.com': the domain label 'contoso-' ends"
            + " with a hyphen; host name labels start and end with a letter or digit."),
        arguments("jan@con\uFF3Ftoso.com", "Invalid email address 'jan@con\uFF3Ftoso.com': the domain label"
            + " 'con\uFF3Ftoso' is not a valid internationalised host name label; check its spelling."),
        arguments("jan@d" + D63 + ".com", "Invalid email address 'jan@d" + D63 + ".com': the domain label 'd" + D63
            + "' is 64 characters long; at most 63 are allowed."),
        arguments("jan@" + domain255, "Invalid email address 'jan@" + domain255.substring(0, 96) + "... (259"
            + " characters)': the domain is 255 characters long; at most 253 are allowed."),
        arguments(address255, "Invalid email address '" + address255.substring(0, 100) + "... (255 characters)': it"
            + " is 255 characters long; at most 254 are allowed."));
  }

  @ParameterizedTest
  @MethodSource("bad")
  void parse_whenMalformed_saysWhatIsWrongAndWhatToFix(String input, String message) {
    assertThatThrownBy(() -> EmailAddress.parse(input))
        .isInstanceOf(InvalidEmailAddressException.class)
        .hasMessage(message)
        .satisfies(e -> assertThat(e.getMessage().chars()).noneMatch(Character::isISOControl));
  }

  @Test
  void forEmail_whenMalformed_failsBeforeAnyTraffic() {
    assertThatThrownBy(() -> Autodiscover.forEmail("not an address"))
        .isInstanceOf(InvalidEmailAddressException.class)
        .satisfies(e -> assertThat(((AutodiscoverException) e).trace().attempts()).isEmpty());
  }
}
