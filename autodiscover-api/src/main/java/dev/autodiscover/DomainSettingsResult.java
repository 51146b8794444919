package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Organisation-level settings of a domain from SOAP {@code GetDomainSettings} (protocol.md §4.5), with the
 * endpoint that gave them and the trace of the whole run (the discovery of the endpoint included). Immutable
 * and thread-safe.
 */
public final class DomainSettingsResult {
  private final String domain;
  private final DomainSettings settings;
  private final URI endpoint;
  private final AttemptTrace trace;
  private final Duration elapsed;

  /**
   * Creates a result.
   *
   * @param domain the domain the settings are for (lower-case ASCII)
   * @param settings the settings, with their per-setting errors
   * @param endpoint the SOAP Autodiscover URL that answered
   * @param trace every attempt of the run
   * @param elapsed how long the run took
   * @throws NullPointerException if an argument is null
   */
  DomainSettingsResult(String domain, DomainSettings settings, URI endpoint, AttemptTrace trace,
      Duration elapsed) {
    this.domain = Objects.requireNonNull(domain, "domain");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
    this.trace = Objects.requireNonNull(trace, "trace");
    this.elapsed = Objects.requireNonNull(elapsed, "elapsed");
  }

  /**
   * Returns the domain the settings are for.
   *
   * @return the domain, never null
   */
  public String domain() {
    return domain;
  }

  /**
   * Returns the settings.
   *
   * @return the settings, never null; a setting the server could not give is in
   *     {@link DomainSettings#settingErrors()}
   */
  public DomainSettings settings() {
    return settings;
  }

  /**
   * Returns the SOAP Autodiscover URL that answered.
   *
   * @return the endpoint, never null
   */
  public URI endpoint() {
    return endpoint;
  }

  /**
   * Returns every attempt of the run: the discovery of the endpoint, then the {@code GetDomainSettings}
   * requests.
   *
   * @return the trace, never null
   */
  public AttemptTrace trace() {
    return trace;
  }

  /**
   * Returns how long the run took.
   *
   * @return the elapsed time, never null
   */
  public Duration elapsed() {
    return elapsed;
  }

  /**
   * Returns a summary for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("DomainSettingsResult[" + domain + ", endpoint=" + endpoint + ", settings=" + settings.asMap() + "]");
  }
}
