package dev.autodiscover.internal.v2;

/** The {@code Protocol} values of an Autodiscover v2 request the SDK asks for (protocol.md §5.1). */
public enum V2Protocol {
  /** The EWS URL. */
  EWS("EWS"),
  /** The Exchange ActiveSync URL. */
  ACTIVE_SYNC("ActiveSync"),
  /** The POX Autodiscover URL ({@code autodiscover.xml}) to ask for more settings. */
  AUTODISCOVER_V1("AutodiscoverV1"),
  /** The REST API URL. */
  REST("Rest");

  private final String wireName;

  V2Protocol(String wireName) {
    this.wireName = wireName;
  }

  /**
   * Returns the value of the {@code Protocol} query parameter.
   *
   * @return the name, for example {@code AutodiscoverV1}
   */
  public String wireName() {
    return wireName;
  }
}
