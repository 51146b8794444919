package dev.autodiscover;

import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The settings one domain response of a SOAP Autodiscover {@code GetDomainSettings} answer returned
 * (protocol.md §4.5), with the per-setting errors that came with them.
 *
 * <p>Every setting is kept by its SOAP name in {@link #raw()}, also names no {@link DomainSettingName}
 * matches. Immutable and safe for use by several threads.
 */
public final class DomainSettings {
  private final ElementMap strings;
  private final List<DomainSettingError> settingErrors;

  private DomainSettings(Builder builder) {
    this.strings = new ElementMap(builder.strings);
    this.settingErrors = List.copyOf(builder.settingErrors);
  }

  /**
   * Starts an empty set of settings.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns a builder holding these settings, to derive a changed copy.
   *
   * @return a new builder
   */
  public Builder toBuilder() {
    Builder builder = new Builder();
    builder.strings.putAll(strings.all());
    builder.settingErrors.addAll(settingErrors);
    return builder;
  }

  /**
   * Returns a setting.
   *
   * @param name the setting
   * @return its value with surrounding white space removed, or empty when the answer has none
   */
  public Optional<String> get(DomainSettingName name) {
    Objects.requireNonNull(name, "name");
    return strings.text(name.wireName());
  }

  /**
   * Returns every non-blank setting whose name {@link DomainSettingName} knows.
   *
   * @return an unmodifiable map in enumeration order
   */
  public Map<DomainSettingName, String> asMap() {
    EnumMap<DomainSettingName, String> map = new EnumMap<>(DomainSettingName.class);
    for (DomainSettingName name : DomainSettingName.values()) {
      get(name).ifPresent(value -> map.put(name, value));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns every setting as the server sent it, by SOAP name, including names this SDK does not know.
   *
   * @return an unmodifiable map in document order; values are not trimmed
   */
  public Map<String, String> raw() {
    return strings.all();
  }

  /**
   * Returns the per-setting errors of this domain.
   *
   * @return an unmodifiable list in document order
   */
  public List<DomainSettingError> settingErrors() {
    return settingErrors;
  }

  /**
   * Returns the organisation's EWS URL for clients outside its network. A URL this refuses stays in
   * {@link #raw()}.
   *
   * @return {@code ExternalEwsUrl} if present and an absolute https URL with a host and without user info,
   *     else empty
   */
  public Optional<URI> externalEwsUrl() {
    return strings.uri(DomainSettingName.EXTERNAL_EWS_URL.wireName());
  }

  /**
   * Returns the version of that EWS endpoint.
   *
   * @return {@code ExternalEwsVersion}, or empty
   */
  public Optional<String> externalEwsVersion() {
    return get(DomainSettingName.EXTERNAL_EWS_VERSION);
  }

  /**
   * Compares all settings and errors.
   *
   * @param other another object, or null
   * @return whether {@code other} holds the same settings and errors
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof DomainSettings that
        && strings.all().equals(that.strings.all())
        && settingErrors.equals(that.settingErrors);
  }

  /**
   * Hashes all settings and errors.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(strings.all(), settingErrors);
  }

  /**
   * Returns the settings for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("DomainSettings[settings=" + strings + ", errors=" + settingErrors + "]");
  }

  /** Collects settings for a {@link DomainSettings}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final LinkedHashMap<String, String> strings = new LinkedHashMap<>();
    private final List<DomainSettingError> settingErrors = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a setting, replacing an earlier value of the same name.
     *
     * @param wireName the SOAP setting name
     * @param value the value as sent
     * @return this builder
     */
    public Builder setting(String wireName, String value) {
      strings.put(Objects.requireNonNull(wireName, "wireName"), Objects.requireNonNull(value, "value"));
      return this;
    }

    /**
     * Adds a per-setting error.
     *
     * @param error the error
     * @return this builder
     */
    public Builder settingError(DomainSettingError error) {
      settingErrors.add(Objects.requireNonNull(error, "error"));
      return this;
    }

    /**
     * Builds the immutable settings.
     *
     * @return the settings
     */
    public DomainSettings build() {
      return new DomainSettings(this);
    }
  }
}
