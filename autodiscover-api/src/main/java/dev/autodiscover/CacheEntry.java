package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One entry of a {@link SettingsCache}: either an {@link Endpoint} that answered (last known good) or a
 * recent {@link Failure} to find one (negative caching). Switch over the two record variants to tell them
 * apart; neither has a nullable component.
 *
 * <p>Every entry belongs to a domain (lower-case ASCII as in {@link EmailAddress#domain()}) and to an
 * identity: the normalised address ({@link #identityOf(EmailAddress)}) it was stored for. Entries are
 * immutable and safe for use by several threads, and never carry credentials or tokens.
 */
public sealed interface CacheEntry permits CacheEntry.Endpoint, CacheEntry.Failure {
  /** Longest endpoint URI a cache keeps, in characters; keeps cache files bounded. */
  int MAX_ENDPOINT_LENGTH = 2048;
  /** Longest failure reason a cache keeps, in characters; keeps cache files bounded. */
  int MAX_REASON_LENGTH = 500;

  /** What an entry is keyed by. */
  enum Scope {
    /** The entry belongs to one address ({@link CacheEntry#identity()}). */
    ADDRESS,
    /** The entry belongs to every address of {@link CacheEntry#domain()}. */
    DOMAIN
  }

  /**
   * Returns whether the entry belongs to one address or to its whole domain.
   *
   * @return the scope; always {@link Scope#ADDRESS} for a {@link Failure}
   */
  Scope scope();

  /**
   * Returns the domain of the address the entry was stored for.
   *
   * @return the domain, lower-case ASCII as in {@link EmailAddress#domain()}
   */
  String domain();

  /**
   * Returns the normalised address the entry was stored for; for a {@link Scope#DOMAIN} entry, the address
   * whose discovery produced it.
   *
   * @return the identity, as {@link #identityOf(EmailAddress)} forms it
   */
  String identity();

  /**
   * Returns when the entry was stored.
   *
   * @return the time of the store
   */
  Instant storedAt();

  /**
   * Returns when the entry stops being fresh.
   *
   * @return a time after {@link #storedAt()}
   */
  Instant expiresAt();

  /**
   * Returns how long ago the entry was stored.
   *
   * @param now the current time
   * @return the time since {@link #storedAt()}, or {@link Duration#ZERO} if {@code now} is before it
   * @throws NullPointerException if {@code now} is null
   */
  default Duration age(Instant now) {
    Objects.requireNonNull(now, "now");
    Duration age = Duration.between(storedAt(), now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /**
   * Returns whether the entry is still fresh.
   *
   * @param now the current time
   * @return {@code true} if {@code now} is before {@link #expiresAt()}
   * @throws NullPointerException if {@code now} is null
   */
  default boolean isFreshAt(Instant now) {
    Objects.requireNonNull(now, "now");
    return now.isBefore(expiresAt());
  }

  /**
   * An endpoint that answered for the address (scope {@link Scope#ADDRESS}) or for its domain (scope
   * {@link Scope#DOMAIN}). The endpoint is already in the form {@link #cacheableEndpoint(URI)} gives, so it
   * never carries user-info, a query or a fragment.
   *
   * @param scope whether the entry belongs to one address or to its whole domain
   * @param domain the domain of the address
   * @param identity the normalised address the entry was stored for (for a domain entry: whose discovery
   *     produced it)
   * @param endpoint the Autodiscover endpoint that answered: {@code https://host[:port]/path}, scheme and host
   *     lower case, at most {@link #MAX_ENDPOINT_LENGTH} characters
   * @param protocol the protocol the endpoint answered with
   * @param foundBy the discovery method that found the endpoint
   * @param storedAt when the entry was stored
   * @param expiresAt when the entry stops being fresh; after {@code storedAt}
   */
  record Endpoint(Scope scope, String domain, String identity, URI endpoint, AutodiscoverProtocol protocol,
      DiscoveryMethod foundBy, Instant storedAt, Instant expiresAt) implements CacheEntry {
    /**
     * Validates the components.
     *
     * @param scope whether the entry belongs to one address or to its whole domain
     * @param domain the domain of the address
     * @param identity the normalised address the entry was stored for
     * @param endpoint the endpoint, in its cacheable form
     * @param protocol the protocol the endpoint answered with
     * @param foundBy the discovery method that found the endpoint
     * @param storedAt when the entry was stored
     * @param expiresAt when the entry stops being fresh
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if {@code identity} is not an address in {@code domain}, if
     *     {@code endpoint} is not already in its cacheable form ({@link #cacheableEndpoint(URI)}: absolute
     *     {@code https} with a host, no user-info, query or fragment, lower-case scheme and host, not too long),
     *     or if {@code expiresAt} is not after {@code storedAt}; the message never shows user-info or a query
     */
    public Endpoint {
      Objects.requireNonNull(scope, "scope");
      Objects.requireNonNull(endpoint, "endpoint");
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(foundBy, "foundBy");
      checkCommon(domain, identity, storedAt, expiresAt);
      if (!endpoint.toString().equals(cacheableEndpoint(endpoint).toString())) {
        throw new IllegalArgumentException("endpoint " + redacted(endpoint)
            + " carries user-info, a query or a fragment, or is not lower case; cache only scheme, host, port and"
            + " path (see CacheEntry.cacheableEndpoint)");
      }
    }
  }

  /**
   * A recent failure to find any endpoint for one address (negative caching). Failures are always cached per
   * address ({@link Scope#ADDRESS}), never for a domain.
   *
   * @param domain the domain of the address
   * @param identity the normalised address discovery found nothing for
   * @param reason why discovery found nothing, already in the form {@link #cacheableReason(String)} gives:
   *     not blank, no control characters, no surrounding white space, at most {@link #MAX_REASON_LENGTH}
   *     characters; never a secret
   * @param storedAt when the entry was stored
   * @param expiresAt when the entry stops being fresh; after {@code storedAt}
   */
  record Failure(String domain, String identity, String reason, Instant storedAt, Instant expiresAt)
      implements CacheEntry {
    /**
     * Validates the components.
     *
     * @param domain the domain of the address
     * @param identity the normalised address discovery found nothing for
     * @param reason why, in its cacheable form
     * @param storedAt when the entry was stored
     * @param expiresAt when the entry stops being fresh
     * @throws NullPointerException if any component is null
     * @throws IllegalArgumentException if {@code identity} is not an address in {@code domain}, if
     *     {@code reason} is not already in its cacheable form ({@link #cacheableReason(String)}), or if
     *     {@code expiresAt} is not after {@code storedAt}
     */
    public Failure {
      Objects.requireNonNull(reason, "reason");
      checkCommon(domain, identity, storedAt, expiresAt);
      if (!reason.equals(cacheableReason(reason))) {
        throw new IllegalArgumentException("reason must be in its cacheable form (see CacheEntry.cacheableReason):"
            + " no control characters, no surrounding white space, at most " + MAX_REASON_LENGTH + " characters");
      }
    }

    /**
     * Returns {@link Scope#ADDRESS}: failures are cached per address only.
     *
     * @return {@link Scope#ADDRESS}
     */
    @Override
    public Scope scope() {
      return Scope.ADDRESS;
    }
  }

  /**
   * Returns the identity a cache keys an address on: the local part in lower case, then {@code @} and
   * {@link EmailAddress#domain()}. Custom {@link SettingsCache} implementations should key on it too.
   *
   * @param address the address
   * @return the normalised address
   * @throws NullPointerException if {@code address} is null
   */
  static String identityOf(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    return address.localPart().toLowerCase(Locale.ROOT) + "@" + address.domain();
  }

  /**
   * Checks an endpoint and reduces it to what a cache may keep: {@code https://host[:port]/path}, with the
   * scheme and host in lower case and user-info, query and fragment dropped, so that a password or token in
   * the URL never reaches a cache. Every {@link SettingsCache} applies it before storing an endpoint.
   *
   * @param endpoint the endpoint that answered
   * @return the cacheable form
   * @throws NullPointerException if {@code endpoint} is null
   * @throws IllegalArgumentException if the endpoint is not an absolute {@code https} URI with a host, or its
   *     cacheable form is longer than {@link #MAX_ENDPOINT_LENGTH}; the message never shows user-info or a
   *     query
   */
  static URI cacheableEndpoint(URI endpoint) {
    Objects.requireNonNull(endpoint, "endpoint");
    String scheme = endpoint.getScheme();
    if (!endpoint.isAbsolute() || endpoint.isOpaque() || !"https".equalsIgnoreCase(scheme)) {
      throw new IllegalArgumentException("endpoint must be an absolute https URI, not " + redacted(endpoint));
    }
    String host = endpoint.getHost();
    if (host == null || host.isEmpty()) {
      throw new IllegalArgumentException("endpoint " + redacted(endpoint) + " has no host name");
    }
    String rawPath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
    String clean = "https://" + host.toLowerCase(Locale.ROOT)
        + (endpoint.getPort() == -1 ? "" : ":" + endpoint.getPort()) + rawPath;
    if (clean.length() > MAX_ENDPOINT_LENGTH) {
      throw new IllegalArgumentException("endpoint is longer than " + MAX_ENDPOINT_LENGTH + " characters");
    }
    return URI.create(clean);
  }

  /**
   * Makes a failure reason safe to keep: control characters become spaces, surrounding white space goes, and
   * text beyond {@link #MAX_REASON_LENGTH} characters is cut. Every {@link SettingsCache} applies it before
   * storing a failure.
   *
   * @param reason why discovery found nothing; must not contain secrets
   * @return the cacheable form
   * @throws NullPointerException if {@code reason} is null
   * @throws IllegalArgumentException if nothing but white space and control characters is left
   */
  static String cacheableReason(String reason) {
    Objects.requireNonNull(reason, "reason");
    String trimmed = reason.strip();
    StringBuilder sb = new StringBuilder(Math.min(trimmed.length(), MAX_REASON_LENGTH));
    for (int i = 0; i < trimmed.length() && sb.length() < MAX_REASON_LENGTH; i++) {
      char c = trimmed.charAt(i);
      sb.append(Character.isISOControl(c) ? ' ' : c);
    }
    if (sb.length() > 0 && Character.isHighSurrogate(sb.charAt(sb.length() - 1))) {
      sb.setLength(sb.length() - 1);
    }
    String clean = sb.toString().strip();
    if (clean.isEmpty()) {
      throw new IllegalArgumentException("reason must not be blank; say why discovery found nothing");
    }
    return clean;
  }

  /** The checks both variants share. */
  private static void checkCommon(String domain, String identity, Instant storedAt, Instant expiresAt) {
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(storedAt, "storedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!identity.endsWith("@" + domain) || identity.length() <= domain.length() + 1) {
      throw new IllegalArgumentException("identity '" + identity + "' is not an address in domain '" + domain + "'");
    }
    if (!expiresAt.isAfter(storedAt)) {
      throw new IllegalArgumentException("expiresAt " + expiresAt + " must be after storedAt " + storedAt);
    }
  }

  /** Scheme, host, port and path only: for error messages, which must never show user-info or a query. */
  private static String redacted(URI uri) {
    if (uri.isOpaque() || uri.getHost() == null) {
      return "'" + (uri.getScheme() == null ? "" : uri.getScheme() + ":") + "…'";
    }
    return "'" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "'";
  }
}
