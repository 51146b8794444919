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
    CacheTable.checkEndpointArguments(address, endpoint, protocol, foundBy);
  }

  @Override
  public void storeFailure(EmailAddress address, String reason) {
    CacheTable.checkFailureArguments(address, reason);
  }

  @Override
  public void invalidate(EmailAddress address) {
    Objects.requireNonNull(address, "address");
  }

  @Override
  public void clear() {}

  @Override
  public String toString() {
    return "SettingsCache[kind=disabled]";
  }
}
