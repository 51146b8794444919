package dev.autodiscover.internal.cache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import dev.autodiscover.CacheEntry;

/** Asserts which variant a lookup found and returns it as that variant. */
final class CacheEntries {
  private CacheEntries() {}

  static CacheEntry.Endpoint endpoint(Optional<CacheEntry> found) {
    assertThat(found).isPresent();
    assertThat(found.get()).isInstanceOf(CacheEntry.Endpoint.class);
    return (CacheEntry.Endpoint) found.get();
  }

  static CacheEntry.Failure failure(Optional<CacheEntry> found) {
    assertThat(found).isPresent();
    assertThat(found.get()).isInstanceOf(CacheEntry.Failure.class);
    return (CacheEntry.Failure) found.get();
  }
}
