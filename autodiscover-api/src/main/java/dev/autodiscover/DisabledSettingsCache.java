package dev.autodiscover;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;

/** {@link SettingsCache#disabled()}: checks arguments, keeps nothing. */
final class DisabledSettingsCache implements SettingsCache {
  static final DisabledSettingsCache INSTANCE = new DisabledSettingsCache();

  private DisabledSettingsCache() {}

  @Override
  public Optional<CacheEntry> lookup(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    return Optional.empty();
  }

  @Override
  public void storeEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    checkEndpointArguments(address, endpoint, protocol, foundBy);
  }

  @Override
  public void storeAddressEndpoint(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    checkEndpointArguments(address, endpoint, protocol, foundBy);
  }

  @Override
  public void storeFailure(EmailAddress address, String reason) {
    Objects.requireNonNull(address, "address");
    CacheEntry.cacheableReason(reason);
  }

  @Override
  public void invalidate(EmailAddress address) {
    Objects.requireNonNull(address, "address");
  }

  @Override
  public void clear() {}

  private static void checkEndpointArguments(
      EmailAddress address, URI endpoint, AutodiscoverProtocol protocol, DiscoveryMethod foundBy) {
    Objects.requireNonNull(address, "address");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(foundBy, "foundBy");
    CacheEntry.cacheableEndpoint(endpoint);
  }

  @Override
  public String toString() {
    return "SettingsCache[kind=disabled]";
  }
}
