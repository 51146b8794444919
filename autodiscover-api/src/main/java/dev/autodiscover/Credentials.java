package dev.autodiscover;

import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.Optional;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Credentials the SDK may present to an Autodiscover server that challenges with HTTP 401.
 *
 * <p>Credentials are only ever sent over HTTPS with a validated certificate, only to hosts in the user's own
 * registrable domain or trusted through {@link AutodiscoverClient.Builder#trustRedirectHosts(String...)} or a
 * {@link RedirectValidator}, and only after the host challenged (unless pre-authentication is enabled for a
 * trusted host). Basic authentication is opt-in: it is used only when {@link #basic(String, char[])} was
 * given. {@link #toString()} never reveals a password or token. Instances are immutable and thread-safe.
 */
public final class Credentials {
  private final @Nullable String basicUser;
  private final char @Nullable [] basicPassword;
  private final @Nullable Supplier<String> bearerTokens;
  private final Set<String> bearerAudience;

  private Credentials(@Nullable String basicUser, char @Nullable [] basicPassword,
      @Nullable Supplier<String> bearerTokens, Set<String> bearerAudience) {
    this.basicUser = basicUser;
    this.basicPassword = basicPassword;
    this.bearerTokens = bearerTokens;
    this.bearerAudience = bearerAudience;
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
    return new Credentials(user, password.clone(), null, Set.of());
  }

  /**
   * Returns credentials that answer a {@code Bearer} challenge with an Exchange Online OAuth access token.
   * The token is only ever sent to Microsoft's Autodiscover hosts
   * ({@link AutodiscoverClient#MICROSOFT_AUTODISCOVER_HOSTS}), the audience such a token is for
   * (protocol.md §10.3 rule 8); use {@link #bearer(Supplier, Collection)} for an on-premises (hybrid modern
   * authentication) token.
   *
   * @param tokenSupplier called each time a token is needed (possibly from several threads at once); must
   *     return a non-blank token and should cache tokens itself
   * @return bearer credentials
   */
  public static Credentials bearer(Supplier<String> tokenSupplier) {
    return bearer(tokenSupplier, AutodiscoverClient.MICROSOFT_AUTODISCOVER_HOSTS);
  }

  /**
   * Returns credentials that answer a {@code Bearer} challenge with an OAuth access token, sent only to the
   * given hosts: the audience the token was issued for.
   *
   * @param tokenSupplier called each time a token is needed (possibly from several threads at once); must
   *     return a non-blank token and should cache tokens itself
   * @param audienceHosts the host names the token may be sent to (exact, case-insensitive); at least one
   * @return bearer credentials
   * @throws IllegalArgumentException if no host is given or a host is blank
   */
  public static Credentials bearer(Supplier<String> tokenSupplier, Collection<String> audienceHosts) {
    Objects.requireNonNull(tokenSupplier, "tokenSupplier");
    Set<String> hosts = new LinkedHashSet<>();
    for (String h : audienceHosts) {
      String host = Objects.requireNonNull(h, "audience host").strip().toLowerCase(Locale.ROOT);
      if (host.isEmpty()) {
        throw new IllegalArgumentException("a bearer audience host must not be blank");
      }
      hosts.add(host);
    }
    if (hosts.isEmpty()) {
      throw new IllegalArgumentException("a bearer token needs at least one audience host");
    }
    return new Credentials(null, null, tokenSupplier, Collections.unmodifiableSet(hosts));
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
    boolean otherBearer = other.bearerTokens != null;
    return new Credentials(
        other.basicUser != null ? other.basicUser : basicUser,
        other.basicPassword != null ? other.basicPassword : basicPassword,
        otherBearer ? other.bearerTokens : bearerTokens,
        otherBearer ? other.bearerAudience : bearerAudience);
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
   * Returns the hosts a bearer token may be sent to.
   *
   * @return an unmodifiable set of lower-case host names, empty when there is no token supplier
   */
  public Set<String> bearerAudience() {
    return bearerAudience;
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
        + (bearerTokens == null ? "none" : "supplier for " + bearerAudience)
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
