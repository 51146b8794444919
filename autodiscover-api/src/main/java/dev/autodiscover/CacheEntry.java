package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One entry of a {@link SettingsCache}: either an endpoint that answered (last known good) or a recent
 * failure to find one (negative caching).
 *
 * <p>An endpoint entry has {@code endpoint}, {@code protocol} and {@code foundBy} and no {@code failure}; a
 * failure entry has only {@code failure} and always has {@link Scope#ADDRESS} scope. The endpoint is an
 * absolute {@code https} URI with a host and without user-info, query or fragment, so an entry can never
 * carry credentials or tokens. Immutable and safe for use by several threads.
 *
 * @param scope whether the entry belongs to one address or to its whole domain
 * @param domain the domain of the address, lower-case ASCII as in {@link EmailAddress#domain()}
 * @param identity the normalised address (local part lower-cased, then {@code @domain}) the entry was stored
 *     for; for a {@link Scope#DOMAIN} entry, the address whose discovery produced it
 * @param endpoint the Autodiscover endpoint that answered, or {@code null} for a failure entry
 * @param protocol the protocol the endpoint answered with, or {@code null} for a failure entry
 * @param foundBy the discovery method that found the endpoint, or {@code null} for a failure entry
 * @param failure why discovery found nothing, or {@code null} for an endpoint entry; never a secret
 * @param storedAt when the entry was stored
 * @param expiresAt when the entry stops being fresh; after {@code storedAt}
 */
public record CacheEntry(
    Scope scope,
    String domain,
    String identity,
    @Nullable URI endpoint,
    @Nullable AutodiscoverProtocol protocol,
    @Nullable DiscoveryMethod foundBy,
    @Nullable String failure,
    Instant storedAt,
    Instant expiresAt) {

  /** Longest endpoint URI accepted, in characters; keeps cache files bounded. */
  static final int MAX_ENDPOINT_LENGTH = 2048;
  /** Failure reasons longer than this are cut, in characters; keeps cache files bounded. */
  static final int MAX_FAILURE_LENGTH = 500;

  /** What an entry is keyed by. */
  public enum Scope {
    /** The entry belongs to one address ({@link CacheEntry#identity()}). */
    ADDRESS,
    /** The entry belongs to every address of {@link CacheEntry#domain()}. */
    DOMAIN
  }

  /**
   * Validates the components.
   *
   * @param scope whether the entry belongs to one address or to its whole domain
   * @param domain the domain of the address
   * @param identity the normalised address the entry was stored for
   * @param endpoint the endpoint, or {@code null} for a failure entry
   * @param protocol the endpoint's protocol, or {@code null} for a failure entry
   * @param foundBy the method that found the endpoint, or {@code null} for a failure entry
   * @param failure the failure reason, or {@code null} for an endpoint entry
   * @param storedAt when the entry was stored
   * @param expiresAt when the entry stops being fresh
   * @throws NullPointerException if {@code scope}, {@code domain}, {@code identity}, {@code storedAt} or
   *     {@code expiresAt} is null
   * @throws IllegalArgumentException if the entry is neither a complete endpoint entry nor a failure entry,
   *     if a failure entry has domain scope, if {@code identity} is not an address in {@code domain}, if the
   *     endpoint is not an absolute {@code https} URI with a host, or has user-info, a query or a fragment, or
   *     if {@code expiresAt} is not after {@code storedAt}
   */
  public CacheEntry {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(domain, "domain");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(storedAt, "storedAt");
    Objects.requireNonNull(expiresAt, "expiresAt");
    if (!identity.endsWith("@" + domain) || identity.length() <= domain.length() + 1) {
      throw new IllegalArgumentException("identity '" + identity + "' is not an address in domain '" + domain + "'");
    }
    if (failure != null) {
      if (endpoint != null || protocol != null || foundBy != null) {
        throw new IllegalArgumentException("a failure entry has no endpoint, protocol or foundBy");
      }
      if (scope != Scope.ADDRESS) {
        throw new IllegalArgumentException("failures are cached per address only, not with scope " + scope);
      }
      if (failure.isBlank()) {
        throw new IllegalArgumentException("failure must not be blank; say why discovery found nothing");
      }
    } else {
      if (endpoint == null || protocol == null || foundBy == null) {
        throw new IllegalArgumentException(
            "an endpoint entry needs endpoint, protocol and foundBy (or pass a failure reason instead)");
      }
      if (!endpoint.equals(sanitizeEndpoint(endpoint))) {
        throw new IllegalArgumentException("endpoint " + redacted(endpoint)
            + " carries user-info, a query or a fragment; cache only scheme, host, port and path");
      }
    }
    if (!expiresAt.isAfter(storedAt)) {
      throw new IllegalArgumentException("expiresAt " + expiresAt + " must be after storedAt " + storedAt);
    }
  }

  /**
   * Returns whether this is a failure entry (discovery recently found nothing for the address).
   *
   * @return {@code true} if {@link #failure()} is non-null, in which case {@link #endpoint()} is null
   */
  public boolean isFailure() {
    return failure != null;
  }

  /**
   * Returns how long ago the entry was stored.
   *
   * @param now the current time
   * @return the time since {@link #storedAt()}, or {@link Duration#ZERO} if {@code now} is before it
   * @throws NullPointerException if {@code now} is null
   */
  public Duration age(Instant now) {
    Objects.requireNonNull(now, "now");
    Duration age = Duration.between(storedAt, now);
    return age.isNegative() ? Duration.ZERO : age;
  }

  /**
   * Returns whether the entry is still fresh.
   *
   * @param now the current time
   * @return {@code true} if {@code now} is before {@link #expiresAt()}
   * @throws NullPointerException if {@code now} is null
   */
  public boolean isFreshAt(Instant now) {
    Objects.requireNonNull(now, "now");
    return now.isBefore(expiresAt);
  }

  /**
   * Checks an endpoint and reduces it to what a cache may keep: {@code https://host[:port]/path}, with the
   * scheme and host in lower case, and user-info, query and fragment dropped.
   *
   * @throws IllegalArgumentException if the endpoint is not an absolute {@code https} URI with a host, or is
   *     longer than {@link #MAX_ENDPOINT_LENGTH}
   */
  static URI sanitizeEndpoint(URI endpoint) {
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

  /** Scheme, host, port and path only: for error messages, which must never show user-info or a query. */
  private static String redacted(URI uri) {
    if (uri.isOpaque() || uri.getHost() == null) {
      return "'" + (uri.getScheme() == null ? "" : uri.getScheme() + ":") + "…'";
    }
    return "'" + uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort())
        + (uri.getRawPath() == null ? "" : uri.getRawPath()) + "'";
  }

  /**
   * Makes a failure reason safe to keep: control characters become spaces, surrounding white space goes, and
   * text beyond {@link #MAX_FAILURE_LENGTH} characters is cut.
   *
   * @throws IllegalArgumentException if nothing is left
   */
  static String sanitizeFailure(String reason) {
    Objects.requireNonNull(reason, "reason");
    String trimmed = reason.strip();
    StringBuilder sb = new StringBuilder(Math.min(trimmed.length(), MAX_FAILURE_LENGTH));
    for (int i = 0; i < trimmed.length() && sb.length() < MAX_FAILURE_LENGTH; i++) {
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

  /** The normalised address a cache keys on: local part lower-cased, then {@code @} and the domain. */
  static String identityOf(EmailAddress address) {
    return address.localPart().toLowerCase(Locale.ROOT) + "@" + address.domain();
  }
}
