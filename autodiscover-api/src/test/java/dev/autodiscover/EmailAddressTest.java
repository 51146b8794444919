package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class EmailAddressTest {
  @Test
  void parse_trimsLowerCasesDomainAndKeepsLocalPart() {
    EmailAddress a = EmailAddress.parse("  Jan.Novak@Contoso.COM. ");
    assertThat(a.localPart()).isEqualTo("Jan.Novak");
    assertThat(a.domain()).isEqualTo("contoso.com");
    assertThat(a).hasToString("Jan.Novak@contoso.com").isEqualTo(EmailAddress.parse("jan.novak@contoso.com"));
  }

  @Test
  void parse_convertsInternationalisedDomainToAscii() {
    assertThat(EmailAddress.parse("jan@Bücher.example").domain()).isEqualTo("xn--bcher-kva.example");
  }

  @Test
  void parse_splitsAtTheLastAt() {
    EmailAddress a = EmailAddress.parse("\"odd@local\"@contoso.com");
    assertThat(a.localPart()).isEqualTo("\"odd@local\"");
    assertThat(a.domain()).isEqualTo("contoso.com");
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
      "''                     | empty",
      "jan.contoso.com        | no '@'",
      "@contoso.com           | before '@' is empty",
      "jan@                   | domain after '@' is empty",
      "jan@localhost          | only one label",
      "jan@[10.0.0.1]         | IP address literals",
      "jan@contoso..com       | not a valid host name",
      "jan novak@contoso.com  | white space",
      "jan@conto so.com       | not a valid host name",
  })
  void parse_whenMalformed_namesTheProblem(String input, String problem) {
    assertThatThrownBy(() -> EmailAddress.parse(input))
        .isInstanceOf(InvalidEmailAddressException.class)
        .hasMessageContaining(problem);
  }

  @Test
  void forEmail_whenMalformed_failsBeforeAnyTraffic() {
    assertThatThrownBy(() -> Autodiscover.forEmail("not an address"))
        .isInstanceOf(InvalidEmailAddressException.class)
        .satisfies(e -> assertThat(((AutodiscoverException) e).trace().attempts()).isEmpty());
  }
}
