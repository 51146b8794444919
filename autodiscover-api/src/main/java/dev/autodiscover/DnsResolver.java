package dev.autodiscover;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Which DNS servers the SDK asks, and how patiently, for the SRV records of method 6
 * ({@code _autodiscover._tcp.<domain>}) and for the Active Directory locator records of method 1. The SDK
 * talks to these servers itself (over UDP, and TCP for truncated answers); host names of HTTPS endpoints are
 * still resolved by the JDK.
 *
 * <p>Default: the system's resolvers (from {@code /etc/resolv.conf} or the platform's equivalent), a
 * 3 s ({@link #DEFAULT_TIMEOUT}) timeout per query and {@value #DEFAULT_RETRIES} retry after a timeout.
 * Immutable and thread-safe; equal settings are equal objects.
 */
public final class DnsResolver {
  /** Default time to wait for one answer: 3 seconds. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(3);
  /** Default number of retries after a query timed out. */
  public static final int DEFAULT_RETRIES = 1;

  private static final DnsResolver SYSTEM =
      new DnsResolver(List.of(), DEFAULT_TIMEOUT, DEFAULT_RETRIES);

  private final List<InetSocketAddress> servers;
  private final Duration timeout;
  private final int retries;

  private DnsResolver(List<InetSocketAddress> servers, Duration timeout, int retries) {
    this.servers = servers;
    this.timeout = timeout;
    this.retries = retries;
  }

  /**
   * The system's resolvers, with the default timeout and retries.
   *
   * @return the resolver settings
   */
  public static DnsResolver system() {
    return SYSTEM;
  }

  /**
   * Explicit DNS servers, asked in order, with the default timeout and retries.
   *
   * @param servers one or more server addresses (port 53 for a standard server)
   * @return the resolver settings
   * @throws NullPointerException if {@code servers} or an element is null
   * @throws IllegalArgumentException if no server is given, or a server address is unresolved
   */
  public static DnsResolver servers(InetSocketAddress... servers) {
    Objects.requireNonNull(servers, "servers");
    List<InetSocketAddress> list = List.copyOf(Arrays.asList(servers));
    if (list.isEmpty()) {
      throw new IllegalArgumentException("name at least one DNS server, or use DnsResolver.system()");
    }
    for (InetSocketAddress s : list) {
      if (s.isUnresolved()) {
        throw new IllegalArgumentException("DNS server " + s.getHostString()
            + " must be given as an IP address (a resolver cannot be found by name)");
      }
    }
    return new DnsResolver(list, SYSTEM.timeout, SYSTEM.retries);
  }

  /**
   * Returns these settings with another timeout per query.
   *
   * @param timeout positive, at most one minute
   * @return the new settings
   * @throws NullPointerException if {@code timeout} is null
   * @throws IllegalArgumentException if not positive or longer than a minute
   */
  public DnsResolver timeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isZero() || timeout.isNegative() || timeout.compareTo(Duration.ofMinutes(1)) > 0) {
      throw new IllegalArgumentException("DNS timeout must be positive and at most one minute: " + timeout);
    }
    return new DnsResolver(servers, timeout, retries);
  }

  /**
   * Returns these settings with another number of retries after a timeout.
   *
   * @param retries 0 to 5
   * @return the new settings
   * @throws IllegalArgumentException if out of range
   */
  public DnsResolver retries(int retries) {
    if (retries < 0 || retries > 5) {
      throw new IllegalArgumentException("DNS retries must be between 0 and 5: " + retries);
    }
    return new DnsResolver(servers, timeout, retries);
  }

  /**
   * Returns the explicit servers given to {@link #servers(InetSocketAddress...)}, in the order they are
   * asked; empty means the system's resolvers.
   *
   * @return an unmodifiable list, never null
   */
  public List<InetSocketAddress> serverAddresses() {
    return servers;
  }

  /**
   * Returns whether the system's resolvers are used.
   *
   * @return true when no explicit server is set
   */
  public boolean isSystem() {
    return servers.isEmpty();
  }

  /**
   * Returns the time to wait for one answer.
   *
   * @return the timeout
   */
  public Duration timeout() {
    return timeout;
  }

  /**
   * Returns the number of retries after a timeout.
   *
   * @return zero or more
   */
  public int retries() {
    return retries;
  }

  /**
   * Returns whether {@code other} holds the same servers, timeout and retries.
   *
   * @param other any object, or null
   * @return true for equal settings
   */
  @Override
  public boolean equals(@org.jspecify.annotations.Nullable Object other) {
    return other instanceof DnsResolver d && servers.equals(d.servers) && timeout.equals(d.timeout)
        && retries == d.retries;
  }

  /**
   * Returns a hash code consistent with {@link #equals(Object)}.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(servers, timeout, retries);
  }

  /**
   * Describes the settings.
   *
   * @return for example {@code DnsResolver[system, timeout=PT3S, retries=1]}
   */
  @Override
  public String toString() {
    return "DnsResolver[" + (servers.isEmpty() ? "system" : servers.toString()) + ", timeout=" + timeout
        + ", retries=" + retries + "]";
  }
}
