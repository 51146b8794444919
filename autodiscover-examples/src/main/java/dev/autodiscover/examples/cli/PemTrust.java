package dev.autodiscover.examples.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Builds an {@link SSLContext} that trusts exactly the certificates of a PEM file, for {@code --ca-cert}.
 *
 * <p>The JDK's default PKIX trust manager does all the checking (chain, validity, host name through the
 * HTTP client); only its trust anchors are replaced. There is deliberately no way to trust everything.
 */
public final class PemTrust {
  private PemTrust() {}

  /**
   * Reads a PEM file with one or more certificates and returns a context trusting only them.
   *
   * @param pemFile the file
   * @return an initialised TLS context
   * @throws UsageException if the file cannot be read or holds no certificate
   */
  public static SSLContext fromFile(Path pemFile) throws UsageException {
    byte[] pem;
    try {
      pem = Files.readAllBytes(pemFile);
    } catch (IOException e) {
      throw new UsageException("--ca-cert: cannot read " + pemFile + ": " + e.getMessage(), e);
    }
    try {
      return fromPem(new String(pem, StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException | IOException | IllegalArgumentException e) {
      throw new UsageException("--ca-cert: " + pemFile + " holds no usable PEM certificate: " + e.getMessage(), e);
    }
  }

  /**
   * Returns a context trusting only the certificates in the PEM text.
   *
   * @param pem one or more {@code -----BEGIN CERTIFICATE-----} blocks
   * @return an initialised TLS context
   * @throws GeneralSecurityException if the text holds no certificate or the JDK cannot build the context
   * @throws IOException never in practice (in-memory key store)
   */
  public static SSLContext fromPem(String pem) throws GeneralSecurityException, IOException {
    CertificateFactory factory = CertificateFactory.getInstance("X.509");
    Collection<? extends Certificate> certificates;
    try (InputStream in = new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))) {
      certificates = factory.generateCertificates(in);
    }
    if (certificates.isEmpty()) {
      throw new GeneralSecurityException("no certificate found");
    }
    KeyStore trustStore = KeyStore.getInstance(KeyStore.getDefaultType());
    trustStore.load(null, null);
    int i = 0;
    for (Certificate c : certificates) {
      trustStore.setCertificateEntry("ca-" + i++, c);
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trustStore);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, tmf.getTrustManagers(), null);
    return context;
  }
}
