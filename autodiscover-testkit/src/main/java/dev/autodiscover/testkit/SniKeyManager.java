package dev.autodiscover.testkit;

import java.net.Socket;
import java.security.KeyPair;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import okhttp3.tls.HeldCertificate;
import org.jspecify.annotations.Nullable;

/**
 * A server key manager that presents, for each SNI name a predicate accepts, a leaf certificate for that name
 * issued by the intermediate on first use and then cached. Every leaf shares one EC key pair, so a new name
 * costs one signature. A handshake without SNI, or for a name the predicate refuses, finds no certificate and
 * fails. Thread-safe.
 */
final class SniKeyManager extends X509ExtendedKeyManager {
  private static final long VALIDITY_DAYS = 2;

  private final HeldCertificate issuer;
  private final Predicate<String> names;
  private final KeyPair keyPair;
  private final Map<String, X509Certificate[]> chains = new ConcurrentHashMap<>();

  SniKeyManager(HeldCertificate issuer, Predicate<String> names) {
    this.issuer = issuer;
    this.names = names;
    this.keyPair = new HeldCertificate.Builder().commonName("key").build().keyPair();
  }

  /** How many distinct names got a certificate so far. */
  int issued() {
    return chains.size();
  }

  @Override
  public @Nullable String chooseServerAlias(String keyType, Principal @Nullable [] issuers, @Nullable Socket socket) {
    return socket instanceof SSLSocket s ? alias(keyType, s.getHandshakeSession()) : null;
  }

  @Override
  public @Nullable String chooseEngineServerAlias(String keyType, Principal @Nullable [] issuers,
      @Nullable SSLEngine engine) {
    return engine == null ? null : alias(keyType, engine.getHandshakeSession());
  }

  private @Nullable String alias(String keyType, @Nullable SSLSession session) {
    if (!"EC".equals(keyType) || !(session instanceof ExtendedSSLSession extended)) {
      return null;
    }
    List<SNIServerName> requested = extended.getRequestedServerNames();
    for (SNIServerName name : requested) {
      if (name instanceof SNIHostName host) {
        String ascii = host.getAsciiName().toLowerCase(Locale.ROOT);
        return names.test(ascii) ? ascii : null;
      }
    }
    return null;
  }

  @Override
  public X509Certificate @Nullable [] getCertificateChain(String alias) {
    return chains.computeIfAbsent(alias, name -> new X509Certificate[] {new HeldCertificate.Builder()
        .commonName(name)
        .addSubjectAlternativeName(name)
        .keyPair(keyPair)
        .signedBy(issuer)
        .duration(VALIDITY_DAYS, TimeUnit.DAYS)
        .build().certificate(), issuer.certificate()}).clone();
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    return keyPair.getPrivate();
  }

  @Override
  public String @Nullable [] getServerAliases(String keyType, Principal @Nullable [] issuers) {
    return null;
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
}
