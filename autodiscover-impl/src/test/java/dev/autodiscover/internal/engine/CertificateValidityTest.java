package dev.autodiscover.internal.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.testkit.TlsMode;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Servers whose leaf certificate is outside its validity period (expired, or not yet valid) are refused at
 * the handshake, over real sockets: the attempt records a TLS failure naming the certificate's dates, and the
 * credentials never leave the client.
 */
class CertificateValidityTest extends EngineTestSupport {

  @ParameterizedTest
  @EnumSource(value = TlsMode.class, names = {"EXPIRED", "NOT_YET_VALID"})
  void resolve_whenCertificateIsOutsideItsValidity_refusesHostAndNeverSendsCredentials(TlsMode mode)
      throws Exception {
    String expected = mode == TlsMode.EXPIRED
        ? "certificate expired: the server's certificate is past its validity period"
        : "certificate not yet valid: the server's certificate is not valid until a later date";
    net.host("contoso.com", mode).https().enqueue(status(404));
    net.host("autodiscover.contoso.com", mode).https().enqueue(status(404));
    net.host("autodiscover.contoso.com", mode).http().enqueue(status(404));

    assertThatThrownBy(() -> request("jan@contoso.com").basicAuth("jan", "secret".toCharArray()).resolve())
        .isInstanceOfSatisfying(AutodiscoverNotFoundException.class, e -> {
          assertThat(attempt(e, DiscoveryMethod.HTTPS_ROOT_DOMAIN, AttemptOutcome.TLS_FAILURE).detail())
              .hasValueSatisfying(d -> assertThat(d).startsWith(expected));
          assertThat(attempt(e, DiscoveryMethod.HTTPS_AUTODISCOVER_DOMAIN, AttemptOutcome.TLS_FAILURE).detail())
              .hasValueSatisfying(d -> assertThat(d).startsWith(expected));
          assertThat(e.trace().toOutlookStyleLog()).contains("GetLastError=12175; httpStatus=0.")
              .doesNotContain("secret");
        });
    // The handshake failed before any request: no Authorization header reached either HTTPS host.
    assertThat(net.host("contoso.com", mode).https().getRequestCount()).isZero();
    assertThat(net.host("autodiscover.contoso.com", mode).https().getRequestCount()).isZero();
    // The plain-HTTP probe is never authenticated.
    assertThat(received(net.host("autodiscover.contoso.com", mode).http()))
        .allSatisfy(r -> assertThat(r.getHeaders().get("Authorization")).isNull());
  }
}
