package dev.autodiscover.internal.http;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.Principal;
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
import java.util.List;
import java.util.Locale;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import org.jspecify.annotations.Nullable;

/**
 * A throw-away two-level PKI for {@link TlsWarmUp} and {@link RehearsalServer}: a CA and a leaf for one or more
 * host names ({@value #HOST} by default), each with a fresh EC P-256 key, the leaf signed by the CA with
 * SHA256withECDSA, valid from an hour ago for a day. The certificates are encoded as X.509 v3 here (the JDK has no
 * public API that issues one) and parsed back by the JDK's {@link CertificateFactory}, which checks their form. The
 * keys live only in this object; nothing but the warm-up's own clients ({@link #clientContext()}) trusts the CA,
 * and {@link #toString()} names no key. Immutable and thread-safe.
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
  private static final String ALIAS = "warm-up";
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * Makes a new CA and leaf.
   *
   * @return the PKI
   * @throws GeneralSecurityException if the JDK lacks EC P-256 or SHA256withECDSA, or refuses a certificate
   */
  static ThrowawayPki create() throws GeneralSecurityException {
    return create(List.of(HOST));
  }

  /**
   * Makes a new CA and a leaf for the given host names (subject alternative names, in order; the first is also the
   * leaf's common name).
   *
   * @param hosts one or more DNS names, ASCII, each at most 253 characters
   * @return the PKI
   * @throws GeneralSecurityException if the JDK lacks EC P-256 or SHA256withECDSA, or refuses a certificate
   * @throws IllegalArgumentException if {@code hosts} is empty
   */
  static ThrowawayPki create(List<String> hosts) throws GeneralSecurityException {
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a leaf needs at least one host name");
    }
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    KeyPair caKey = generator.generateKeyPair();
    KeyPair leafKey = generator.generateKeyPair();
    Instant now = Instant.now();
    // CA: basicConstraints, critical, cA TRUE.
    byte[] caExtension = seq(BASIC_CONSTRAINTS, TRUE, tlv(0x04, seq(TRUE)));
    X509Certificate ca = issue(CA_NAME, caKey.getPublic(), caKey.getPrivate(), now, caExtension);
    // Leaf: subjectAltName with a dNSName ([2] IA5String) per host.
    byte[][] names = new byte[hosts.size()][];
    for (int i = 0; i < names.length; i++) {
      names[i] = tlv(0x82, hosts.get(i).getBytes(StandardCharsets.US_ASCII));
    }
    byte[] leafExtension = seq(SUBJECT_ALT_NAME, tlv(0x04, seq(names)));
    X509Certificate leaf = issue(hosts.get(0), leafKey.getPublic(), caKey.getPrivate(), now, leafExtension);
    return new ThrowawayPki(ca, leaf, leafKey.getPrivate(), List.copyOf(hosts));
  }

  private final X509Certificate ca;
  private final X509Certificate leaf;
  private final PrivateKey leafKey;
  private final List<String> hosts;

  private ThrowawayPki(X509Certificate ca, X509Certificate leaf, PrivateKey leafKey, List<String> hosts) {
    this.ca = ca;
    this.leaf = leaf;
    this.leafKey = leafKey;
    this.hosts = hosts;
  }

  /** The self-signed CA certificate (basic constraints: a CA). */
  X509Certificate ca() {
    return ca;
  }

  /** The leaf for the host names {@link #create(List)} was given, signed by {@link #ca()}. */
  X509Certificate leaf() {
    return leaf;
  }

  /** The leaf's private key. */
  PrivateKey leafKey() {
    return leafKey;
  }

  /**
   * A new client SSL context that trusts this CA only, through the JDK's own PKIX trust manager.
   *
   * @return the context
   * @throws GeneralSecurityException if the JDK lacks TLS or PKIX
   */
  SSLContext clientContext() throws GeneralSecurityException {
    KeyStore anchors = KeyStore.getInstance(KeyStore.getDefaultType());
    try {
      anchors.load(null, null);
    } catch (java.io.IOException e) { // an empty in-memory store reads nothing
      throw new IllegalStateException(e);
    }
    anchors.setCertificateEntry("ca", ca);
    TrustManagerFactory trust = TrustManagerFactory.getInstance("PKIX");
    trust.init(anchors);
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(null, trust.getTrustManagers(), null);
    return context;
  }

  /**
   * A new server SSL context that presents the leaf and the CA, for EC key types only, whatever name the client
   * asks for.
   *
   * @return the context
   * @throws GeneralSecurityException if the JDK lacks TLS
   */
  SSLContext serverContext() throws GeneralSecurityException {
    SSLContext context = SSLContext.getInstance("TLS");
    context.init(new KeyManager[] {new OneKey(this)}, null, null);
    return context;
  }

  @Override
  public String toString() {
    return "ThrowawayPki[" + CA_NAME + " -> " + String.join(", ", hosts) + "]";
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

  /** The server's one key and chain (leaf, CA), offered for EC only. */
  private static final class OneKey extends X509ExtendedKeyManager {
    private final X509Certificate[] chain;
    private final PrivateKey key;

    OneKey(ThrowawayPki pki) {
      this.chain = new X509Certificate[] {pki.leaf(), pki.ca()};
      this.key = pki.leafKey();
    }

    @Override
    public String @Nullable [] getClientAliases(String keyType, Principal @Nullable [] issuers) {
      return null;
    }

    @Override
    public @Nullable String chooseClientAlias(String[] keyType, Principal @Nullable [] issuers,
        @Nullable Socket socket) {
      return null;
    }

    @Override
    public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
      return "EC".equals(keyType) ? new String[] {ALIAS} : null;
    }

    @Override
    public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers,
        @Nullable Socket socket) {
      return "EC".equals(keyType) ? ALIAS : null;
    }

    @Override
    public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
        @Nullable SSLEngine engine) {
      return "EC".equals(keyType) ? ALIAS : null;
    }

    @Override
    public X509Certificate @Nullable [] getCertificateChain(String alias) {
      return ALIAS.equals(alias) ? chain.clone() : null;
    }

    @Override
    public @Nullable PrivateKey getPrivateKey(String alias) {
      return ALIAS.equals(alias) ? key : null;
    }
  }
}
