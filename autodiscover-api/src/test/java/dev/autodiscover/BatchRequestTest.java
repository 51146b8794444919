package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class BatchRequestTest {
  @Test
  void forEmails_nullCollectionOrElement_throwsNpe_invalidAddressDoesNot() {
    assertThatThrownBy(() -> Autodiscover.forEmails(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> Autodiscover.forEmails(Arrays.asList("a@contoso.com", null)))
        .isInstanceOf(NullPointerException.class);
    assertThat(Autodiscover.forEmails(List.of("not an address")).inputs()).containsExactly("not an address");
  }

  @Test
  void options_areValidated_andDefaulted() {
    BatchRequest b = Autodiscover.forEmails(List.of("a@contoso.com"));
    assertThat(b.chunkSize()).isEqualTo(100);
    assertThat(b.concurrency()).isEqualTo(8);
    assertThat(b.settings()).contains(UserSettingName.EXTERNAL_EWS_URL, UserSettingName.ALTERNATE_MAILBOXES);
    assertThatThrownBy(() -> b.chunkSize(0)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("chunkSize");
    assertThatThrownBy(() -> b.chunkSize(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> b.concurrency(65)).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("concurrency");
    assertThatThrownBy(() -> b.settings(Set.of())).isInstanceOf(IllegalArgumentException.class);
    assertThat(b.chunkSize(5).chunkSize()).isEqualTo(5);
    assertThat(b.chunkSize()).isEqualTo(100); // immutable
  }

  @Test
  void configure_appliesEveryFunctionInOrder() {
    BatchRequest b = Autodiscover.forEmails(List.of("a@contoso.com"))
        .configure(r -> r.deadline(Duration.ofSeconds(5)).maxRedirects(3))
        .configure(r -> r.maxRedirects(4));
    AutodiscoverRequest r = b.requestFor(EmailAddress.parse("x@contoso.com"));
    assertThat(r.address()).hasToString("x@contoso.com");
    assertThat(r.deadline()).isEqualTo(Duration.ofSeconds(5));
    assertThat(r.maxRedirects()).isEqualTo(4);
    assertThatThrownBy(() -> b.configure(x -> null).requestFor(EmailAddress.parse("x@contoso.com")))
        .isInstanceOf(NullPointerException.class);
  }
}
