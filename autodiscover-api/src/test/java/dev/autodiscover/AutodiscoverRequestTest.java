package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class AutodiscoverRequestTest {
  private final AutodiscoverRequest base = Autodiscover.forEmail("jan@contoso.com");

  @Test
  void options_returnNewRequestsAndLeaveTheOriginalUnchanged() {
    AutodiscoverRequest changed = base.excluding(DiscoveryMethod.SCP).attemptTimeout(Duration.ofSeconds(3))
        .deadline(Duration.ofSeconds(9)).retriesOnTimeout(2).sequential().maxRedirects(4);

    assertThat(base.methods()).contains(DiscoveryMethod.SCP);
    assertThat(base.attemptTimeout()).isEqualTo(Duration.ofSeconds(AutodiscoverRequest.DEFAULT_ATTEMPT_TIMEOUT_SECONDS));
    assertThat(base.isSequential()).isFalse();
    assertThat(changed.methods()).doesNotContain(DiscoveryMethod.SCP).hasSize(7);
    assertThat(changed.attemptTimeout(DiscoveryMethod.HTTP_REDIRECT)).isEqualTo(Duration.ofSeconds(3));
    assertThat(changed.deadline()).isEqualTo(Duration.ofSeconds(9));
    assertThat(changed.retriesOnTimeout(DiscoveryMethod.DNS_SRV)).isEqualTo(2);
    assertThat(changed.isSequential()).isTrue();
    assertThat(changed.maxRedirects()).isEqualTo(4);
  }

  @Test
  void only_keepsOutlookOrder_andPerMethodOverridesWin() {
    AutodiscoverRequest r = base.only(DiscoveryMethod.HTTP_REDIRECT, DiscoveryMethod.HTTPS_ROOT_DOMAIN)
        .attemptTimeout(DiscoveryMethod.HTTP_REDIRECT, Duration.ofMillis(500))
        .retriesOnTimeout(DiscoveryMethod.HTTP_REDIRECT, 0);
    assertThat(r.methods()).containsExactly(DiscoveryMethod.HTTPS_ROOT_DOMAIN, DiscoveryMethod.HTTP_REDIRECT);
    assertThat(r.attemptTimeout(DiscoveryMethod.HTTP_REDIRECT)).isEqualTo(Duration.ofMillis(500));
    assertThat(r.attemptTimeout(DiscoveryMethod.HTTPS_ROOT_DOMAIN)).isEqualTo(r.attemptTimeout());
    assertThat(r.retriesOnTimeout(DiscoveryMethod.HTTP_REDIRECT)).isZero();
  }

  @Test
  void trustedHosts_startWithMicrosoftsAndAreNormalised() {
    assertThat(base.trustedRedirectHosts()).contains("autodiscover-s.outlook.com", "outlook.office365.com",
        "outlook.office365.us", "partner.outlook.cn");
    assertThat(base.trustRedirectHosts(" Mail.Hoster.Example. ").trustedRedirectHosts()).contains("mail.hoster.example");
    assertThat(base.trustedRedirectHosts(java.util.List.of("a.example")).trustedRedirectHosts()).containsExactly("a.example");
  }

  @Test
  void badValues_areRejectedWithTheirName() {
    assertThatThrownBy(() -> base.attemptTimeout(Duration.ZERO)).hasMessageContaining("attemptTimeout");
    assertThatThrownBy(() -> base.deadline(Duration.ofSeconds(-1))).hasMessageContaining("deadline");
    assertThatThrownBy(() -> base.retriesOnTimeout(-1)).hasMessageContaining("retriesOnTimeout");
    assertThatThrownBy(() -> base.only()).hasMessageContaining("at least one");
    assertThatThrownBy(() -> base.trustRedirectHosts(" ")).hasMessageContaining("blank");
    assertThatThrownBy(() -> base.basicAuth("a:b", new char[0])).hasMessageContaining("':'");
  }

  @Test
  void toString_neverShowsSecrets() {
    AutodiscoverRequest r = base.basicAuth("jan", "Sup3rSecret".toCharArray()).bearerToken(() -> "tok-987");
    assertThat(r.toString()).doesNotContain("Sup3rSecret").doesNotContain("tok-987").contains("password=***");
    assertThat(r.credentials().orElseThrow().toString()).doesNotContain("Sup3rSecret");
  }

  @Test
  void basicPassword_isCopiedOnTheWayInAndOut() {
    char[] pw = "pw".toCharArray();
    Credentials c = Credentials.basic("jan", pw);
    pw[0] = 'X';
    char[] out = c.basicPassword().orElseThrow();
    assertThat(out).containsExactly('p', 'w');
    out[0] = 'Y';
    assertThat(c.basicPassword().orElseThrow()).containsExactly('p', 'w');
  }

  @Test
  void resolve_withoutImplementation_namesTheArtifactToAdd() {
    assertThatThrownBy(base::resolve).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("dev.autodiscover:autodiscover-impl");
  }
}
