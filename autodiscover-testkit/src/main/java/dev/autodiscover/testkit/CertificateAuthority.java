package dev.autodiscover.testkit;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import okhttp3.tls.HandshakeCertificates;
import okhttp3.tls.HeldCertificate;

/**
 * A throw-away two-level PKI: a root CA that clients trust and an intermediate CA that issues every leaf.
 * Immutable and thread-safe; key pairs are generated once, in {@link #create()}.
 */
final class CertificateAuthority {
  private static final long VALIDITY_DAYS = 2;

  private final HeldCertificate root;
  private final HeldCertificate intermediate;
  private final SSLContext clientSslContext;

  private CertificateAuthority(HeldCertificate root, HeldCertificate intermediate) {
    this.root = root;
    this.intermediate = intermediate;
    this.clientSslContext = trustingOnly(root.certificate());
  }

  /** Creates a fresh root (path length 1) and an intermediate signed by it (path length 0). */
  static CertificateAuthority create() {
    HeldCertificate root = new HeldCertificate.Builder()
        .commonName("Autodiscover Testkit Root CA")
        .organizationalUnit("autodiscover-testkit")
        .certificateAuthority(1)
        .duration(VALIDITY_DAYS, TimeUnit.DAYS)
        .build();
    HeldCertificate intermediate = new HeldCertificate.Builder()
        .commonName("Autodiscover Testkit Issuing CA")
        .organizationalUnit("autodiscover-testkit")
        .certificateAuthority(0)
        .signedBy(root)
        .duration(VALIDITY_DAYS, TimeUnit.DAYS)
        .build();
    return new CertificateAuthority(root, intermediate);
  }

  X509Certificate rootCertificate() {
    return root.certificate();
  }

  String rootCertificatePem() {
    return root.certificatePem();
  }

  SSLContext clientSslContext() {
    return clientSslContext;
  }

  /** Issues a leaf for {@code hostName} and returns the server side of the handshake for {@code mode}. */
  HandshakeCertificates serverCertificates(String hostName, TlsMode mode) {
    String subject = mode == TlsMode.NAME_MISMATCH ? VirtualNetwork.MISMATCHED_NAME : hostName;
    HeldCertificate.Builder leaf = new HeldCertificate.Builder()
        .commonName(subject)
        .addSubjectAlternativeName(subject)
        .signedBy(intermediate);
    long now = System.currentTimeMillis();
    long day = TimeUnit.DAYS.toMillis(1);
    if (mode == TlsMode.EXPIRED) {
      leaf.validityInterval(now - 3 * day, now - day);
    } else if (mode == TlsMode.NOT_YET_VALID) {
      leaf.validityInterval(now + day, now + 3 * day);
    } else {
      leaf.duration(VALIDITY_DAYS, TimeUnit.DAYS);
    }
    HandshakeCertificates.Builder server = new HandshakeCertificates.Builder();
    if (mode == TlsMode.MISSING_INTERMEDIATE) {
      server.heldCertificate(leaf.build());
    } else {
      server.heldCertificate(leaf.build(), intermediate.certificate());
    }
    return server.build();
  }

  /**
   * A server TLS context that presents a leaf for whatever SNI name {@code names} accepts (see
   * {@link SniKeyManager}), and the key manager, for its count of issued names.
   */
  SniKeyManager sniKeyManager(java.util.function.Predicate<String> names) {
    return new SniKeyManager(intermediate, names);
  }

  static SSLContext serverContext(SniKeyManager keys) {
    try {
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(new javax.net.ssl.KeyManager[] {keys}, null, null);
      return context;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot build a server SSLContext", e);
    }
  }

  // Built with the JDK's own PKIX trust manager so hostname verification and path building behave exactly
  // as they do for a production client; nothing but the root is trusted.
  private static SSLContext trustingOnly(X509Certificate rootCertificate) {
    try {
      KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
      trustStore.load(null, null);
      trustStore.setCertificateEntry("autodiscover-testkit-root", rootCertificate);
      TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      trust.init(trustStore);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, trust.getTrustManagers(), null);
      return context;
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("cannot build an SSLContext trusting the testkit root", e);
    }
  }
}
