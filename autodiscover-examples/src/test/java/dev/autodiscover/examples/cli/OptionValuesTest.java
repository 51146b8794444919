package dev.autodiscover.examples.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import dev.autodiscover.DiscoveryMethod;
import org.junit.jupiter.api.Test;

class OptionValuesTest {
  @Test
  void duration_acceptsShortFormsAndIso() throws UsageException {
    assertThat(OptionValues.duration("--d", "500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(OptionValues.duration("--d", "5s")).isEqualTo(Duration.ofSeconds(5));
    assertThat(OptionValues.duration("--d", "1.5s")).isEqualTo(Duration.ofMillis(1_500));
    assertThat(OptionValues.duration("--d", "2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(OptionValues.duration("--d", "PT5S")).isEqualTo(Duration.ofSeconds(5));
    assertThat(OptionValues.duration("--d", "pt0.25s")).isEqualTo(Duration.ofMillis(250));
    assertThat(OptionValues.durationOrZero("--stagger", "0")).isZero();
  }

  @Test
  void duration_rejectsMissingUnitZeroAndGarbage() {
    assertThatThrownBy(() -> OptionValues.duration("--deadline", "30")).hasMessageContaining("--deadline")
        .hasMessageContaining("'30'");
    assertThatThrownBy(() -> OptionValues.duration("--deadline", "0s")).hasMessageContaining("positive");
    assertThatThrownBy(() -> OptionValues.duration("--deadline", "PT-5S")).hasMessageContaining("positive");
    assertThatThrownBy(() -> OptionValues.duration("--deadline", "soon")).isInstanceOf(UsageException.class);
  }

  @Test
  void methods_acceptEnumNamesCaseInsensitiveWithDashes() throws UsageException {
    assertThat(OptionValues.methods("--only", "https-root-domain, HTTP_REDIRECT,Scp"))
        .containsExactly(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTP_REDIRECT, DiscoveryMethod.SCP);
    assertThatThrownBy(() -> OptionValues.methods("--only", "https-root-domain,")).isInstanceOf(UsageException.class);
  }

  @Test
  void hostAndPort_parsesAndValidates() throws UsageException {
    assertThat(OptionValues.hostAndPort("--proxy", "127.0.0.1:8080").getPort()).isEqualTo(8080);
    assertThatThrownBy(() -> OptionValues.hostAndPort("--proxy", "127.0.0.1")).hasMessageContaining("host:port");
    assertThatThrownBy(() -> OptionValues.hostAndPort("--proxy", "127.0.0.1:99999")).hasMessageContaining("65535");
  }
}
