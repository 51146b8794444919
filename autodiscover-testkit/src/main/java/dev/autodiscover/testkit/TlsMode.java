package dev.autodiscover.testkit;

/**
 * How a {@link VirtualHost}'s HTTPS server presents its certificate.
 *
 * <p>Every mode uses a leaf certificate issued by the {@link VirtualNetwork}'s intermediate CA; only
 * {@link #VALID} lets a client that trusts {@link VirtualNetwork#clientSslContext()} complete the handshake.
 */
public enum TlsMode {
  /** The leaf names the host in its subject alternative names; the server sends leaf and intermediate. */
  VALID,

  /**
   * The leaf is correct but the server sends it without the intermediate, so a JDK client cannot build a
   * path to the root: the handshake fails with "PKIX path building failed". This is the classic
   * misconfigured-server failure that browsers often hide by fetching the intermediate themselves.
   */
  MISSING_INTERMEDIATE,

  /**
   * The chain is complete but the leaf is issued to {@value VirtualNetwork#MISMATCHED_NAME} only, so
   * hostname verification fails with "No subject alternative DNS name matching ...".
   */
  NAME_MISMATCH,

  /**
   * The chain is complete and the leaf names the host, but the leaf expired a day ago, so certificate path
   * validation fails with a {@link java.security.cert.CertificateExpiredException}.
   */
  EXPIRED,

  /**
   * The chain is complete and the leaf names the host, but the leaf only becomes valid tomorrow, so path
   * validation fails with a {@link java.security.cert.CertificateNotYetValidException}.
   */
  NOT_YET_VALID
}
