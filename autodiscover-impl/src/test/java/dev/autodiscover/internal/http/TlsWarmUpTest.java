package dev.autodiscover.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;

/** The in-memory TLS handshake of {@code warmUp()} and the throw-away PKI it uses. */
class TlsWarmUpTest {
  @Test
  void run_completesATls13HandshakeWithTheThrowawayChain_andExchangesData() throws Exception {
    SSLSession session = TlsWarmUp.run();

    assertThat(session.getProtocol()).isEqualTo("TLSv1.3");
    assertThat(session.getCipherSuite()).startsWith("TLS_");
    Certificate[] chain = session.getPeerCertificates();
    assertThat(chain).hasSize(2);
    X509Certificate leaf = (X509Certificate) chain[0];
    X509Certificate ca = (X509Certificate) chain[1];
    assertThat(leaf.getSubjectX500Principal().getName()).isEqualTo("CN=warm-up.invalid");
    assertThat(leaf.getIssuerX500Principal()).isEqualTo(ca.getSubjectX500Principal());
    assertThat(ca.getSubjectX500Principal().getName()).isEqualTo("CN=Autodiscover warm-up CA");
  }

  @Test
  void pki_leafIsSignedByTheCa_forItsHost_validForADay() throws Exception {
    ThrowawayPki pki = ThrowawayPki.create();
    X509Certificate ca = pki.ca();
    X509Certificate leaf = pki.leaf();

    ca.verify(ca.getPublicKey());
    leaf.verify(ca.getPublicKey());
    assertThat(ca.getSigAlgName()).isEqualTo("SHA256withECDSA");
    assertThat(ca.getVersion()).isEqualTo(3);
    assertThat(ca.getBasicConstraints()).isEqualTo(Integer.MAX_VALUE); // a CA without a path length limit
    assertThat(ca.getCriticalExtensionOIDs()).containsExactly("2.5.29.19");
    assertThat(leaf.getBasicConstraints()).isEqualTo(-1);
    assertThat(leaf.getSubjectAlternativeNames()).containsExactly(List.of(2, "warm-up.invalid"));
    assertThat(leaf.getPublicKey().getAlgorithm()).isEqualTo("EC");
    Instant now = Instant.now();
    leaf.checkValidity(Date.from(now));
    leaf.checkValidity(Date.from(now.minus(Duration.ofMinutes(59))));
    assertThatThrownBy(() -> leaf.checkValidity(Date.from(now.plus(Duration.ofHours(25)))))
        .isInstanceOf(CertificateExpiredException.class);
    assertThat(leaf.getSerialNumber().signum()).isEqualTo(1);
    assertThat(pki.toString()).isEqualTo("ThrowawayPki[Autodiscover warm-up CA -> warm-up.invalid]");
  }

  @Test
  void pki_aTrustManagerForOneCa_refusesAnotherCasLeaf() throws Exception {
    ThrowawayPki mine = ThrowawayPki.create();
    ThrowawayPki other = ThrowawayPki.create();
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    anchors.load(null, null);
    anchors.setCertificateEntry("ca", mine.ca());
    TrustManagerFactory factory = TrustManagerFactory.getInstance("PKIX");
    factory.init(anchors);
    X509TrustManager trust = (X509TrustManager) factory.getTrustManagers()[0];

    trust.checkServerTrusted(new X509Certificate[] {mine.leaf(), mine.ca()}, "ECDHE_ECDSA");
    assertThatThrownBy(() -> trust.checkServerTrusted(new X509Certificate[] {other.leaf(), other.ca()},
        "ECDHE_ECDSA")).isInstanceOf(CertificateException.class);
  }
}
