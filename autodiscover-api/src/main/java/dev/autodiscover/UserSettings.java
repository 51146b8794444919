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
 * The settings one user response of a SOAP Autodiscover {@code GetUserSettings} answer returned
 * (protocol.md §4.3), with the per-setting errors that came with them.
 *
 * <p>Nothing the server sent is dropped: string-valued settings are kept by their SOAP name in
 * {@link #raw()} (also names no {@link UserSettingName} matches), collection-valued ones (web client URLs,
 * alternate mailboxes, POP/IMAP/SMTP connections, ...) in {@link #collections()}. Typed accessors cover the
 * settings an EWS client needs most. A missing setting is never an error here: its accessor is empty, and
 * {@link #settingErrors()} usually says why.
 *
 * <p>The URL accessors ({@link #externalEwsUrl()}, {@link #internalEwsUrl()}) return only an absolute
 * {@code https} URL with a host and without user info; the server's text of a refused URL stays in
 * {@link #raw()}.
 *
 * <p>Immutable and safe for use by several threads. Settings hold no secrets, so {@link #toString()} shows
 * them all.
 */
public final class UserSettings {
  private final ElementMap strings;
  private final Map<String, List<Map<String, String>>> collections;
  private final List<UserSettingError> settingErrors;

  private UserSettings(Builder builder) {
    this.strings = new ElementMap(builder.strings);
    if (builder.collections.isEmpty()) {
      this.collections = Collections.emptyMap(); // the usual case, shared by every user's settings
    } else {
      LinkedHashMap<String, List<Map<String, String>>> copy = new LinkedHashMap<>();
      builder.collections.forEach((name, entries) -> {
        List<Map<String, String>> entryCopies = new ArrayList<>();
        entries.forEach(e -> entryCopies.add(TextMap.copyOf(e)));
        copy.put(name, List.copyOf(entryCopies));
      });
      this.collections = Collections.unmodifiableMap(copy);
    }
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
    collections.forEach((name, entries) -> builder.collections.put(name, new ArrayList<>(entries)));
    builder.settingErrors.addAll(settingErrors);
    return builder;
  }

  /**
   * Returns a string-valued setting.
   *
   * @param name the setting
   * @return its value with surrounding white space removed, or empty when the answer has none (or only a
   *     blank one); always empty for collection-valued settings (see {@link #collections()})
   */
  public Optional<String> get(UserSettingName name) {
    Objects.requireNonNull(name, "name");
    return strings.text(name.wireName());
  }

  /**
   * Returns every non-blank string-valued setting whose name {@link UserSettingName} knows.
   *
   * @return an unmodifiable map in enumeration order
   */
  public Map<UserSettingName, String> asMap() {
    EnumMap<UserSettingName, String> map = new EnumMap<>(UserSettingName.class);
    for (UserSettingName name : UserSettingName.values()) {
      get(name).ifPresent(value -> map.put(name, value));
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Returns every string-valued setting as the server sent it, by SOAP name, including names this SDK does
   * not know.
   *
   * @return an unmodifiable map in document order; values are not trimmed
   */
  public Map<String, String> raw() {
    return strings.all();
  }

  /**
   * Returns every collection-valued setting by SOAP name: its entries in document order, each entry's child
   * elements by local name (for example {@code Url} and {@code AuthenticationMethods} of a web client URL).
   *
   * @return an unmodifiable map in document order
   */
  public Map<String, List<Map<String, String>>> collections() {
    return collections;
  }

  /**
   * Returns the per-setting errors of this user (settings the server does not know or has no value for).
   *
   * @return an unmodifiable list in document order
   */
  public List<UserSettingError> settingErrors() {
    return settingErrors;
  }

  /**
   * Returns the EWS URL for clients outside the organisation's network.
   *
   * @return {@code ExternalEwsUrl} if present and an absolute https URL with a host and without user info,
   *     else empty
   */
  public Optional<URI> externalEwsUrl() {
    return strings.uri(UserSettingName.EXTERNAL_EWS_URL.wireName());
  }

  /**
   * Returns the EWS URL for clients inside the organisation's network.
   *
   * @return {@code InternalEwsUrl} if present and an absolute https URL with a host and without user info,
   *     else empty
   */
  public Optional<URI> internalEwsUrl() {
    return strings.uri(UserSettingName.INTERNAL_EWS_URL.wireName());
  }

  /**
   * Returns the user's display name.
   *
   * @return {@code UserDisplayName}, or empty
   */
  public Optional<String> userDisplayName() {
    return get(UserSettingName.USER_DISPLAY_NAME);
  }

  /**
   * Returns the user's legacy distinguished name.
   *
   * @return {@code UserDN}, or empty
   */
  public Optional<String> userDN() {
    return get(UserSettingName.USER_DN);
  }

  /**
   * Returns the organisation (forest) GUID.
   *
   * @return {@code UserDeploymentId}, or empty
   */
  public Optional<String> userDeploymentId() {
    return get(UserSettingName.USER_DEPLOYMENT_ID);
  }

  /**
   * Returns the version of the Client Access server that answered.
   *
   * @return {@code CasVersion}, for example {@code 15.1.2507.6}, or empty
   */
  public Optional<String> casVersion() {
    return get(UserSettingName.CAS_VERSION);
  }

  /**
   * Returns the EWS schema versions the server accepts.
   *
   * @return {@code EwsSupportedSchemas} split at commas, trimmed, without empty items; an empty list when
   *     the setting is absent
   */
  public List<String> ewsSupportedSchemas() {
    List<String> schemas = new ArrayList<>();
    get(UserSettingName.EWS_SUPPORTED_SCHEMAS).ifPresent(value -> {
      for (String item : value.split(",")) {
        if (!item.isBlank()) {
          schemas.add(item.strip());
        }
      }
    });
    return List.copyOf(schemas);
  }

  /**
   * Returns the delegate, archive and team mailboxes of the {@code AlternateMailboxes} setting.
   *
   * @return an unmodifiable list in document order, empty when the setting is absent
   */
  public List<AlternativeMailbox> alternativeMailboxes() {
    List<Map<String, String>> entries = collections.get(UserSettingName.ALTERNATE_MAILBOXES.wireName());
    if (entries == null) {
      return List.of();
    }
    return entries.stream().map(AlternativeMailbox::new).toList();
  }

  /**
   * Compares all settings and errors.
   *
   * @param other another object, or null
   * @return whether {@code other} holds the same settings, collections and errors
   */
  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof UserSettings that
        && strings.all().equals(that.strings.all())
        && collections.equals(that.collections)
        && settingErrors.equals(that.settingErrors);
  }

  /**
   * Hashes all settings and errors.
   *
   * @return the hash code
   */
  @Override
  public int hashCode() {
    return Objects.hash(strings.all(), collections, settingErrors);
  }

  /**
   * Returns the settings for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("UserSettings[settings=" + strings + ", collections=" + collections + ", errors=" + settingErrors + "]");
  }

  /** Collects settings for a {@link UserSettings}. Not thread-safe; use one builder per thread. */
  public static final class Builder {
    private final LinkedHashMap<String, String> strings = new LinkedHashMap<>();
    private final LinkedHashMap<String, List<Map<String, String>>> collections = new LinkedHashMap<>();
    private final List<UserSettingError> settingErrors = new ArrayList<>();

    private Builder() {}

    /**
     * Adds a string-valued setting, replacing an earlier value of the same name.
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
     * Adds a string-valued setting, replacing an earlier value of the same name.
     *
     * @param name the setting
     * @param value the value as sent
     * @return this builder
     */
    public Builder setting(UserSettingName name, String value) {
      return setting(Objects.requireNonNull(name, "name").wireName(), value);
    }

    /**
     * Adds a collection-valued setting, replacing an earlier one of the same name.
     *
     * @param wireName the SOAP setting name
     * @param entries the entries in document order, each a map of child element local names to text
     * @return this builder
     */
    public Builder collection(String wireName, List<Map<String, String>> entries) {
      Objects.requireNonNull(wireName, "wireName");
      List<Map<String, String>> copy = new ArrayList<>();
      for (Map<String, String> entry : entries) {
        LinkedHashMap<String, String> e = new LinkedHashMap<>();
        entry.forEach((k, v) -> e.put(Objects.requireNonNull(k, "element name"), Objects.requireNonNull(v, k)));
        copy.add(e);
      }
      collections.put(wireName, copy);
      return this;
    }

    /**
     * Adds a per-setting error.
     *
     * @param error the error
     * @return this builder
     */
    public Builder settingError(UserSettingError error) {
      settingErrors.add(Objects.requireNonNull(error, "error"));
      return this;
    }

    /**
     * Builds the immutable settings.
     *
     * @return the settings
     */
    public UserSettings build() {
      return new UserSettings(this);
    }
  }
}
