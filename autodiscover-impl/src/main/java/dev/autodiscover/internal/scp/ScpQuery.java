package dev.autodiscover.internal.scp;

import dev.autodiscover.ActiveDirectory;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;
import javax.net.ssl.SSLContext;
import org.jspecify.annotations.Nullable;

/**
 * One SCP lookup: whose domain, which directory settings, how long each network wait may take and which TLS
 * trust to use.
 *
 * @param emailDomain the domain of the user's e-mail address; stored stripped and in lower case
 * @param directory where and how to read Active Directory
 * @param timeout the limit of each network wait (connect, and each LDAP response); positive
 * @param sslContext the TLS context for {@code ldaps://} and StartTLS, or {@code null} for the JDK default
 */
public record ScpQuery(String emailDomain, ActiveDirectory directory, Duration timeout,
    @Nullable SSLContext sslContext) {
  /**
   * Validates and normalises the components.
   *
   * @throws IllegalArgumentException if the domain is blank or the timeout is not positive
   */
  public ScpQuery {
    Objects.requireNonNull(emailDomain, "emailDomain");
    Objects.requireNonNull(directory, "directory");
    Objects.requireNonNull(timeout, "timeout");
    emailDomain = emailDomain.strip().toLowerCase(Locale.ROOT);
    if (emailDomain.isEmpty()) {
      throw new IllegalArgumentException("emailDomain must not be blank");
    }
    if (timeout.isZero() || timeout.isNegative()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }
}
