package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

final class ActiveDirectoryTest {
  @Test
  void defaultsLocateByDnsAndBindAnonymously() {
    ActiveDirectory ad = ActiveDirectory.locatedByDns();

    assertThat(ad.serverUrls()).isEmpty();
    assertThat(ad.site()).isEmpty();
    assertThat(ad.adDomain()).isEmpty();
    assertThat(ad.bind()).isEqualTo(ActiveDirectory.Bind.ANONYMOUS);
    assertThat(ad.bindDn()).isEmpty();
    assertThat(ad.simpleBindPassword()).isEmpty();
    assertThat(ad.startTls()).isFalse();
    assertThat(ad.maxPointerHops()).isEqualTo(10);
  }

  @Test
  void serversAreNormalisedAndKeptInOrder() {
    ActiveDirectory ad = ActiveDirectory.servers("ldap://DC1.corp.contoso.com", "LDAPS://dc2.corp.contoso.com:636/",
        " ldap://10.0.0.5:389 ", "ldap://[::1]:3268");

    assertThat(ad.serverUrls()).containsExactly(URI.create("ldap://dc1.corp.contoso.com"),
        URI.create("ldaps://dc2.corp.contoso.com:636"), URI.create("ldap://10.0.0.5:389"),
        URI.create("ldap://[::1]:3268"));
  }

  @Test
  void badServerUrlsSayWhatIsWrong() {
    assertThatThrownBy(() -> ActiveDirectory.servers(new String[0])).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least one");
    assertThatThrownBy(() -> ActiveDirectory.servers("https://dc1.corp.contoso.com"))
        .hasMessageContaining("ldap:// or ldaps://");
    assertThatThrownBy(() -> ActiveDirectory.servers("dc1.corp.contoso.com"))
        .hasMessageContaining("ldap:// or ldaps://");
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://dc1.corp.contoso.com/DC=corp,DC=contoso"))
        .hasMessageContaining("without a DN");
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://admin:Secr3t@dc1.corp.contoso.com"))
        .hasMessageContaining("user information").hasMessageNotContaining("Secr3t");
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://admin:Secr3t@dc1 corp"))
        .hasMessageNotContaining("Secr3t");
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://dc1.corp.contoso.com:0"))
        .hasMessageContaining("port");
    assertThatThrownBy(() -> ActiveDirectory.servers("ldap://dc1 corp")).isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("dc1 corp");
  }

  @Test
  void optionsReturnCopies() {
    ActiveDirectory base = ActiveDirectory.servers("ldaps://dc1.corp.contoso.com");
    ActiveDirectory configured = base.site(" London ").startTls(true).maxPointerHops(3).adDomain("Corp.Contoso.com.");

    assertThat(configured.site()).contains("London");
    assertThat(configured.startTls()).isTrue();
    assertThat(configured.maxPointerHops()).isEqualTo(3);
    assertThat(configured.adDomain()).contains("corp.contoso.com");
    assertThat(configured.serverUrls()).isEqualTo(base.serverUrls());
    assertThat(base.site()).isEmpty();
    assertThat(base.startTls()).isFalse();
    assertThat(base.maxPointerHops()).isEqualTo(ActiveDirectory.DEFAULT_MAX_POINTER_HOPS);
  }

  @Test
  void invalidOptionsAreRejected() {
    ActiveDirectory ad = ActiveDirectory.locatedByDns();
    assertThatThrownBy(() -> ad.site(" ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ad.site("London.UK")).hasMessageContaining("'.'");
    assertThatThrownBy(() -> ad.site("Site=London")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ad.maxPointerHops(-1)).hasMessageContaining("between 0 and 100");
    assertThatThrownBy(() -> ad.maxPointerHops(101)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ad.adDomain("not a domain")).hasMessageContaining("corp.contoso.com");
    assertThatThrownBy(() -> ad.simpleBind(" ", "pw".toCharArray())).hasMessageContaining("bindDn");
    assertThatThrownBy(() -> ad.simpleBind("CN=svc", new char[0])).hasMessageContaining("anonymous");
    assertThatThrownBy(() -> ad.site(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void simpleBindCopiesThePasswordAndNeverShowsIt() {
    char[] password = "Sup3r-Secret".toCharArray();
    ActiveDirectory ad = ActiveDirectory.servers("ldaps://dc1.corp.contoso.com").simpleBind("CN=svc,DC=corp",
        password);
    Arrays.fill(password, 'x');

    assertThat(ad.bind()).isEqualTo(ActiveDirectory.Bind.SIMPLE);
    assertThat(ad.bindDn()).contains("CN=svc,DC=corp");
    char[] copy = ad.simpleBindPassword().orElseThrow();
    assertThat(new String(copy)).isEqualTo("Sup3r-Secret");
    Arrays.fill(copy, 'y');
    assertThat(new String(ad.simpleBindPassword().orElseThrow())).isEqualTo("Sup3r-Secret");
    assertThat(ad.toString()).doesNotContain("Sup3r").contains("password=***").contains("CN=svc,DC=corp");
  }

  @Test
  void switchingBindDropsTheCredentials() {
    ActiveDirectory simple = ActiveDirectory.locatedByDns().simpleBind("CN=svc", "pw".toCharArray());

    ActiveDirectory gssapi = simple.gssapiBind();
    ActiveDirectory anonymous = simple.anonymousBind();

    assertThat(gssapi.bind()).isEqualTo(ActiveDirectory.Bind.GSSAPI);
    assertThat(gssapi.bindDn()).isEmpty();
    assertThat(gssapi.simpleBindPassword()).isEmpty();
    assertThat(anonymous.bind()).isEqualTo(ActiveDirectory.Bind.ANONYMOUS);
    assertThat(anonymous.simpleBindPassword()).isEmpty();
    assertThat(simple.startTls(true).simpleBindPassword()).isPresent();
  }
}
