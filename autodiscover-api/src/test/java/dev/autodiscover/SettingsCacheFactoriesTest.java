package dev.autodiscover;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The factories and the disabled cache, without an implementation on the class path. */
class SettingsCacheFactoriesTest {
  private static final EmailAddress JAN = EmailAddress.parse("jan@contoso.com");
  private static final URI CONTOSO = URI.create("https://autodiscover.contoso.com/autodiscover/autodiscover.xml");

  @Test
  void factories_checkArgumentsAtOnce() {
    assertThatThrownBy(() -> SettingsCache.inMemory(Duration.ZERO, Duration.ofMinutes(5), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("endpointTtl must be positive");
    assertThatThrownBy(() -> SettingsCache.inMemory(Duration.ofDays(1), Duration.ofSeconds(-1), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureTtl must be positive");
    assertThatThrownBy(() -> SettingsCache.inMemory(Duration.ofDays(1), Duration.ofMinutes(5), 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxEntries must be positive");
    assertThatThrownBy(() -> SettingsCache.inMemory(Duration.ofDays(4000), Duration.ofMinutes(5), 10))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at most");
    assertThatThrownBy(() -> SettingsCache.inMemory(null, Duration.ofMinutes(5), 10))
        .isInstanceOf(NullPointerException.class).hasMessage("endpointTtl");
    assertThatThrownBy(() -> SettingsCache.file(Path.of("x"), Duration.ofDays(1), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("failureTtl");
    assertThatThrownBy(() -> SettingsCache.file(null)).isInstanceOf(NullPointerException.class).hasMessage("path");
    assertThatThrownBy(() -> SettingsCache.file(Path.of("/")))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("must name a file");
  }

  @Test
  void factories_needTheImplementationOnlyWhenTheCacheIsUsed() {
    SettingsCache memory = SettingsCache.inMemory();
    Path file = Path.of("cache.properties");
    SettingsCache onDisk = SettingsCache.file(file);

    assertThat(memory).hasToString("SettingsCache[kind=in-memory, entries=0]");
    assertThat(onDisk).hasToString("SettingsCache[kind=file, path=" + file.toAbsolutePath() + ", not read yet]");
    assertThatThrownBy(() -> memory.lookup(JAN))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("autodiscover-impl");
    assertThatThrownBy(() -> onDisk.storeFailure(JAN, "not found"))
        .isInstanceOf(IllegalStateException.class).hasMessageContaining("autodiscover-impl");
  }

  @Test
  void disabled_storesNothingFindsNothingButValidates() {
    SettingsCache disabled = SettingsCache.disabled();
    disabled.storeEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    disabled.storeAddressEndpoint(JAN, CONTOSO, AutodiscoverProtocol.POX, DiscoveryMethod.SCP);
    disabled.storeFailure(JAN, "not found");

    assertThat(disabled.lookup(JAN)).isEmpty();
    disabled.invalidate(JAN);
    disabled.clear();
    assertThat(disabled).hasToString("SettingsCache[kind=disabled]");
    assertThatThrownBy(() -> disabled.storeEndpoint(JAN, URI.create("http://contoso.com/"),
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> disabled.storeAddressEndpoint(JAN, URI.create("http://contoso.com/"),
        AutodiscoverProtocol.POX, DiscoveryMethod.SCP)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> disabled.storeFailure(JAN, " \n ")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> disabled.lookup(null)).isInstanceOf(NullPointerException.class);
  }
}
