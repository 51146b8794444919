package dev.autodiscover;

/**
 * The wire protocol an Autodiscover endpoint answered with.
 *
 * <p>Recorded with a cached endpoint (see {@link SettingsCache}) so that the next lookup can speak the same
 * protocol to it straight away.
 */
public enum AutodiscoverProtocol {
  /** Plain-old-XML Autodiscover: {@code POST .../autodiscover/autodiscover.xml} (protocol.md §3). */
  POX,
  /** SOAP Autodiscover: {@code .../autodiscover/autodiscover.svc} (protocol.md §4). */
  SOAP,
  /** Autodiscover v2: {@code GET .../autodiscover/autodiscover.json} (protocol.md §5). */
  JSON_V2
}
