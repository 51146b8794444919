package dev.autodiscover;

import java.util.List;

/**
 * Every Autodiscover server that was reached wanted credentials: either it rejected the ones given, or the
 * request had none it was allowed to use there (for example Exchange Online asking for a bearer token).
 */
public final class AutodiscoverAuthenticationException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /** Serialized form: see {@link #schemesOffered()}. */
  private final List<String> schemesOffered;
  /** Serialized form: see {@link #credentialsRejected()}. */
  private final boolean credentialsRejected;
  /** Serialized form: see {@link #authorizationUri()}. */
  private final java.net.@org.jspecify.annotations.Nullable URI authorizationUri;

  /**
   * Creates the exception.
   *
   * @param message what to supply or fix
   * @param trace the attempts of the run
   * @param schemesOffered the authentication schemes the servers offered, without duplicates
   * @param credentialsRejected whether credentials were presented and rejected (as opposed to missing)
   */
  AutodiscoverAuthenticationException(
      String message, AttemptTrace trace, List<String> schemesOffered, boolean credentialsRejected) {
    this(message, trace, schemesOffered, credentialsRejected, null);
  }

  /**
   * Creates the exception with the {@code authorization_uri} of a Bearer challenge.
   *
   * @param message what to supply or fix
   * @param trace the attempts of the run
   * @param schemesOffered the authentication schemes the servers offered, without duplicates
   * @param credentialsRejected whether credentials were presented and rejected (as opposed to missing)
   * @param authorizationUri where a token for the server can be obtained, or null
   */
  AutodiscoverAuthenticationException(String message, AttemptTrace trace, List<String> schemesOffered,
      boolean credentialsRejected, java.net.@org.jspecify.annotations.Nullable URI authorizationUri) {
    super(message, trace, null);
    this.schemesOffered = List.copyOf(schemesOffered);
    this.credentialsRejected = credentialsRejected;
    this.authorizationUri = authorizationUri;
  }

  /**
   * Returns where a bearer token for the server can be obtained: the {@code authorization_uri} of its
   * Bearer challenge (for Exchange Online, the Microsoft Entra authority of the tenant). Get a token there
   * and pass it with {@link DiscoveryOptions#bearerToken(java.util.function.Supplier, String...)}.
   *
   * @return the URI, or empty when no server sent one
   */
  public java.util.Optional<java.net.URI> authorizationUri() {
    return java.util.Optional.ofNullable(authorizationUri);
  }

  /**
   * Returns the authentication schemes the servers offered ({@code Bearer}, {@code Negotiate},
   * {@code NTLM}, {@code Basic}, ...).
   *
   * @return an unmodifiable list
   */
  public List<String> schemesOffered() {
    return schemesOffered;
  }

  /**
   * Returns whether credentials were presented and rejected, rather than missing.
   *
   * @return {@code true} if a server rejected the credentials
   */
  public boolean credentialsRejected() {
    return credentialsRejected;
  }
}
