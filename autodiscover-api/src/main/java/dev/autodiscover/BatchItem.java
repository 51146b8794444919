package dev.autodiscover;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of a batch for one input address: the user's settings, or a typed failure; either way with
 * the attempts that concern this address (the discovery of its domain's endpoint, the SOAP request that
 * carried it, and any redirect or per-user fallback).
 *
 * <p>Immutable and thread-safe. {@link #toString()} shows no settings values and no secrets.
 */
public final class BatchItem {
  private final String input;
  private final @Nullable EmailAddress address;
  private final @Nullable UserSettings userSettings;
  private final @Nullable EwsUrl ewsUrl;
  private final @Nullable URI endpoint;
  private final @Nullable AutodiscoverException failure;
  private final AttemptTrace trace;

  private BatchItem(String input, @Nullable EmailAddress address, @Nullable UserSettings userSettings,
      @Nullable EwsUrl ewsUrl, @Nullable URI endpoint, @Nullable AutodiscoverException failure, AttemptTrace trace) {
    this.input = Objects.requireNonNull(input, "input");
    this.address = address;
    this.userSettings = userSettings;
    this.ewsUrl = ewsUrl;
    this.endpoint = endpoint;
    this.failure = failure;
    this.trace = Objects.requireNonNull(trace, "trace");
  }

  /**
   * Creates a successful item (the implementation reaches it through {@code ApiAccess}).
   *
   * @param input the address as given
   * @param address the parsed address
   * @param userSettings the user's settings
   * @param ewsUrl the EWS URL to use (the external one if the server named it, else the internal one), or null
   *     when the server named none
   * @param endpoint the Autodiscover URL that answered
   * @param trace the attempts that concern this address
   * @return the item
   * @throws NullPointerException if an argument other than {@code ewsUrl} is null
   */
  static BatchItem succeeded(String input, EmailAddress address, UserSettings userSettings,
      @Nullable EwsUrl ewsUrl, URI endpoint, AttemptTrace trace) {
    return new BatchItem(input, Objects.requireNonNull(address, "address"),
        Objects.requireNonNull(userSettings, "userSettings"), ewsUrl, Objects.requireNonNull(endpoint, "endpoint"),
        null, trace);
  }

  /**
   * Creates a failed item (the implementation reaches it through {@code ApiAccess}).
   *
   * @param input the address as given
   * @param address the parsed address, or null if it could not be parsed
   * @param failure what went wrong
   * @param trace every attempt that concerns this address; it contains the failure's own trace, and more when
   *     the failure came from a step late in the batch (for example the discovery of a redirect target)
   * @return the item
   * @throws NullPointerException if {@code input}, {@code failure} or {@code trace} is null
   */
  static BatchItem failed(String input, @Nullable EmailAddress address, AutodiscoverException failure,
      AttemptTrace trace) {
    Objects.requireNonNull(failure, "failure");
    return new BatchItem(input, address, null, null, null, failure, trace);
  }

  /**
   * Returns the address exactly as given to {@link Autodiscover#forEmails(java.util.Collection)}.
   *
   * @return the input text
   */
  public String input() {
    return input;
  }

  /**
   * Returns the parsed, normalised address.
   *
   * @return the address, or empty when the input is not a valid address
   */
  public Optional<EmailAddress> address() {
    return Optional.ofNullable(address);
  }

  /**
   * Whether settings were found for this address.
   *
   * @return true for success, false for failure
   */
  public boolean isSuccess() {
    return failure == null;
  }

  /**
   * Returns the user's settings as SOAP-style named settings, as {@link AutodiscoverResult#userSettings()}
   * does for a single lookup.
   *
   * @return the settings, or empty when the item failed
   */
  public Optional<UserSettings> userSettings() {
    return Optional.ofNullable(userSettings);
  }

  /**
   * Returns the EWS URL: the external one when the server named one, otherwise the internal one; the value
   * says which, as {@link AutodiscoverResult#ewsUrl()} does.
   *
   * @return the EWS URL, or empty when the item failed or the server named none
   */
  public Optional<EwsUrl> ewsUrl() {
    return Optional.ofNullable(ewsUrl);
  }

  /**
   * Returns the Autodiscover URL that answered for this address: the SOAP {@code autodiscover.svc} URL, or
   * the POX {@code autodiscover.xml} URL when the address was resolved one by one (redirect or fallback).
   *
   * @return the endpoint, or empty when the item failed
   */
  public Optional<URI> endpoint() {
    return Optional.ofNullable(endpoint);
  }

  /**
   * Returns why this address failed.
   *
   * @return the typed failure ({@link InvalidEmailAddressException} for malformed input), or empty on success
   */
  public Optional<AutodiscoverException> failure() {
    return Optional.ofNullable(failure);
  }

  /**
   * Returns the attempts that concern this address, in order: the discovery of its domain's endpoint, the
   * SOAP requests that carried it, and any one-by-one discovery after a redirect or fallback.
   *
   * @return the trace; empty for an address that could not be parsed
   */
  public AttemptTrace trace() {
    return trace;
  }

  /**
   * Describes the item without settings values or secrets.
   *
   * @return a short description
   */
  @Override
  public String toString() {
    return PrintableText.escape(failure == null
        ? "BatchItem[" + input + ", ok, ewsUrl=" + (ewsUrl == null ? null : ewsUrl.uri()) + ", endpoint=" + endpoint
            + "]"
        : "BatchItem[" + input + ", failed: " + failure.getClass().getSimpleName() + ": " + failure.getMessage() + "]");
  }
}
