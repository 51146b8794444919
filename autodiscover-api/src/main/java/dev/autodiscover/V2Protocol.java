package dev.autodiscover;

/**
 * What an Autodiscover v2 request asks for: the {@code Protocol} query parameter of
 * {@code GET .../autodiscover/autodiscover.json/v1.0/<address>?Protocol=...} (protocol.md §5.1). See
 * {@link AutodiscoverRequest#v2Protocol(V2Protocol)}.
 */
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

  /**
   * Reads a protocol by its wire name ({@code EWS}, {@code ActiveSync}, {@code AutodiscoverV1}, {@code Rest})
   * or constant name, ignoring case, blanks and underscores.
   *
   * @param text the name
   * @return the protocol
   * @throws NullPointerException if {@code text} is null
   * @throws IllegalArgumentException if {@code text} names none; the message lists the valid names
   */
  public static V2Protocol parse(String text) {
    java.util.Objects.requireNonNull(text, "text");
    String t = text.strip().replace("_", "").toLowerCase(java.util.Locale.ROOT);
    for (V2Protocol p : values()) {
      if (p.wireName.toLowerCase(java.util.Locale.ROOT).equals(t)) {
        return p;
      }
    }
    throw new IllegalArgumentException("unknown v2 protocol '" + text + "': use EWS, ActiveSync, AutodiscoverV1 or Rest");
  }
}
