package dev.autodiscover;

import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Credentials the SDK may present to an Autodiscover server that challenges with HTTP 401.
 *
 * <p>Credentials are only ever sent over HTTPS with a validated certificate, only to hosts in the user's own
 * registrable domain or trusted through {@link AutodiscoverRequest#trustRedirectHosts(String...)} or a
 * {@link RedirectValidator}, and only after the host challenged (unless pre-authentication is enabled for a
 * trusted host). Basic authentication is opt-in: it is used only when {@link #basic(String, char[])} was
 * given. {@link #toString()} never reveals a password or token. Instances are immutable and thread-safe.
 */
public final class Credentials {
  private final @Nullable String basicUser;
  private final char @Nullable [] basicPassword;
  private final @Nullable Supplier<String> bearerTokens;

  private Credentials(
      @Nullable String basicUser, char @Nullable [] basicPassword, @Nullable Supplier<String> bearerTokens) {
    this.basicUser = basicUser;
    this.basicPassword = basicPassword;
    this.bearerTokens = bearerTokens;
  }

  /**
   * Returns credentials for HTTP Basic authentication (opt-in; never sent to a host that has not been
   * validated).
   *
   * @param user the user name, often the UPN or the SMTP address
   * @param password the password; copied, so the caller may clear its array afterwards
   * @return Basic credentials
   * @throws IllegalArgumentException if {@code user} is blank or contains a colon
   */
  public static Credentials basic(String user, char[] password) {
    Objects.requireNonNull(user, "user");
    Objects.requireNonNull(password, "password");
    if (user.isBlank()) {
      throw new IllegalArgumentException("user must not be blank");
    }
    if (user.indexOf(':') >= 0) {
      throw new IllegalArgumentException("user must not contain ':' (HTTP Basic cannot carry it)");
    }
    return new Credentials(user, password.clone(), null);
  }

  /**
   * Returns credentials that answer a {@code Bearer} challenge with an OAuth access token.
   *
   * @param tokenSupplier called each time a token is needed (possibly from several threads at once); must
   *     return a non-blank token and should cache tokens itself
   * @return bearer credentials
   */
  public static Credentials bearer(Supplier<String> tokenSupplier) {
    Objects.requireNonNull(tokenSupplier, "tokenSupplier");
    return new Credentials(null, null, tokenSupplier);
  }

  /**
   * Returns credentials that hold both these and {@code other}'s Basic and bearer parts; parts present in
   * {@code other} win.
   *
   * @param other the credentials to add
   * @return the combined credentials
   */
  public Credentials and(Credentials other) {
    Objects.requireNonNull(other, "other");
    return new Credentials(
        other.basicUser != null ? other.basicUser : basicUser,
        other.basicPassword != null ? other.basicPassword : basicPassword,
        other.bearerTokens != null ? other.bearerTokens : bearerTokens);
  }

  /**
   * Returns the Basic user name, if Basic credentials were given.
   *
   * @return the user name, or empty
   */
  public Optional<String> basicUser() {
    return Optional.ofNullable(basicUser);
  }

  /**
   * Returns a copy of the Basic password, if Basic credentials were given. The caller should clear the
   * array after use.
   *
   * @return a fresh copy of the password, or empty
   */
  public Optional<char[]> basicPassword() {
    return basicPassword == null ? Optional.empty() : Optional.of(basicPassword.clone());
  }

  /**
   * Returns the bearer token supplier, if one was given.
   *
   * @return the supplier, or empty
   */
  public Optional<Supplier<String>> bearerTokenSupplier() {
    return Optional.ofNullable(bearerTokens);
  }

  /**
   * Describes which kinds of credentials are present, never the secrets themselves.
   *
   * @return for example {@code Credentials[basic=jan@contoso.com, password=***, bearer=none]}
   */
  @Override
  public String toString() {
    return "Credentials[basic="
        + (basicUser == null ? "none" : basicUser + ", password=***")
        + ", bearer="
        + (bearerTokens == null ? "none" : "supplier")
        + "]";
  }

  /**
   * Identity comparison: credentials are never compared by secret content.
   *
   * @param o the other object
   * @return {@code this == o}
   */
  @Override
  public boolean equals(@Nullable Object o) {
    return this == o;
  }

  /**
   * Identity hash code.
   *
   * @return the identity hash code
   */
  @Override
  public int hashCode() {
    return System.identityHashCode(this);
  }
}
