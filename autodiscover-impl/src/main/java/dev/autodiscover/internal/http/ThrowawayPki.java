package dev.autodiscover.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * A throw-away two-level PKI for {@link TlsWarmUp}: a CA and a leaf for {@value #HOST}, each with a fresh EC P-256
 * key, the leaf signed by the CA with SHA256withECDSA, valid from an hour ago for a day. The certificates are
 * encoded as X.509 v3 here (the JDK has no public API that issues one) and parsed back by the JDK's {@link
 * CertificateFactory}, which checks their form. The keys live only in this object; nothing but the warm-up's own
 * client trusts the CA, and {@link #toString()} names no key. Immutable and thread-safe.
 */
final class ThrowawayPki {
  /** The leaf's host name: {@code .invalid} is reserved (RFC 2606) and never resolves. */
  static final String HOST = "warm-up.invalid";
  private static final String CA_NAME = "Autodiscover warm-up CA";
  private static final byte[] ECDSA_WITH_SHA256 = oid(0x2A, 0x86, 0x48, 0xCE, 0x3D, 0x04, 0x03, 0x02);
  private static final byte[] COMMON_NAME = oid(0x55, 0x04, 0x03);
  private static final byte[] BASIC_CONSTRAINTS = oid(0x55, 0x1D, 0x13);
  private static final byte[] SUBJECT_ALT_NAME = oid(0x55, 0x1D, 0x11);
  private static final byte[] TRUE = {0x01, 0x01, (byte) 0xFF};
  private static final DateTimeFormatter UTC_TIME =
      DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Makes a new CA and leaf.
   *
   * @return the PKI
   * @throws GeneralSecurityException if the JDK lacks EC P-256 or SHA256withECDSA, or refuses a certificate
   */
  static ThrowawayPki create() throws GeneralSecurityException {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair caKey = generator.generateKeyPair();
    KeyPair leafKey = generator.generateKeyPair();
    Instant now = Instant.now();
    // CA: basicConstraints, critical, cA TRUE.
    byte[] caExtension = seq(BASIC_CONSTRAINTS, TRUE, tlv(0x04, seq(TRUE)));
    X509Certificate ca = issue(CA_NAME, caKey.getPublic(), caKey.getPrivate(), now, caExtension);
    // Leaf: subjectAltName with one dNSName ([2] IA5String).
    byte[] leafExtension =
        seq(SUBJECT_ALT_NAME, tlv(0x04, seq(tlv(0x82, HOST.getBytes(StandardCharsets.US_ASCII)))));
    X509Certificate leaf = issue(HOST, leafKey.getPublic(), caKey.getPrivate(), now, leafExtension);
    return new ThrowawayPki(ca, leaf, leafKey.getPrivate());
  }

  private final X509Certificate ca;
  private final X509Certificate leaf;
  private final PrivateKey leafKey;

  private ThrowawayPki(X509Certificate ca, X509Certificate leaf, PrivateKey leafKey) {
    this.ca = ca;
    this.leaf = leaf;
    this.leafKey = leafKey;
  }

  /** The self-signed CA certificate (basic constraints: a CA). */
  X509Certificate ca() {
    return ca;
  }

  /** The leaf for {@value #HOST} (subject alternative name {@code DNS:}{@value #HOST}), signed by {@link #ca()}. */
  X509Certificate leaf() {
    return leaf;
  }

  /** The leaf's private key. */
  PrivateKey leafKey() {
    return leafKey;
  }

  @Override
  public String toString() {
    return "ThrowawayPki[" + CA_NAME + " -> " + HOST + "]";
  }

  /** A certificate for {@code subject}'s key, issued by the CA ({@value #CA_NAME}) with {@code signer}. */
  private static X509Certificate issue(String subject, PublicKey key, PrivateKey signer, Instant now,
      byte[] extension) throws GeneralSecurityException {
    byte[] algorithm = seq(ECDSA_WITH_SHA256);
    byte[] serial = new byte[8];
    new SecureRandom().nextBytes(serial);
    serial[0] = (byte) ((serial[0] & 0x3F) | 0x40); // positive, and minimal as DER requires
    byte[] tbs = seq(
        tlv(0xA0, tlv(0x02, new byte[] {2})), // version: v3
        tlv(0x02, serial),
        algorithm,
        name(CA_NAME),
        seq(time(now.minusSeconds(3600)), time(now.plusSeconds(86_400))),
        name(subject),
        key.getEncoded(), // SubjectPublicKeyInfo, as the JDK encodes it
        tlv(0xA3, seq(extension)));
    Signature signature = Signature.getInstance("SHA256withECDSA");
    signature.initSign(signer);
    signature.update(tbs);
    byte[] value = signature.sign();
    byte[] bits = new byte[value.length + 1]; // BIT STRING: no unused bits, then the DER ECDSA signature
    System.arraycopy(value, 0, bits, 1, value.length);
    byte[] der = seq(tbs, algorithm, tlv(0x03, bits));
    return (X509Certificate) CertificateFactory.getInstance("X.509")
        .generateCertificate(new ByteArrayInputStream(der));
  }

  /** A Name with one common name. */
  private static byte[] name(String commonName) {
    return seq(tlv(0x31, seq(COMMON_NAME, tlv(0x0C, commonName.getBytes(StandardCharsets.UTF_8)))));
  }

  /** UTCTime, as RFC 5280 requires up to 2049; GeneralizedTime after. */
  private static byte[] time(Instant instant) {
    if (instant.atZone(ZoneOffset.UTC).getYear() < 2050) {
      return tlv(0x17, UTC_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(0x18, GENERALIZED_TIME.format(instant).getBytes(StandardCharsets.US_ASCII));
  }

  private static byte[] oid(int... encoded) {
    byte[] value = new byte[encoded.length];
    for (int i = 0; i < encoded.length; i++) {
      value[i] = (byte) encoded[i];
    }
    return tlv(0x06, value);
  }

  private static byte[] seq(byte[]... parts) {
    ByteArrayOutputStream content = new ByteArrayOutputStream();
    for (byte[] part : parts) {
      content.writeBytes(part);
    }
    return tlv(0x30, content.toByteArray());
  }

  /** One DER element: tag, definite length (short or long form, up to 65,535 bytes), value. */
  private static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 4);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else if (n < 0x100) {
      out.write(0x81);
      out.write(n);
    } else if (n < 0x10000) {
      out.write(0x82);
      out.write(n >>> 8);
      out.write(n & 0xFF);
    } else {
      throw new IllegalArgumentException("DER element too long: " + n + " bytes");
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
