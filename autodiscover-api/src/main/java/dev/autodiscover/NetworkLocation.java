package dev.autodiscover;

/** Whether a URL is meant for clients inside the organisation's network or outside it. */
public enum NetworkLocation {
  /** For clients inside the network (POX {@code EXCH} protocol block). */
  INTERNAL,
  /** For clients outside the network (POX {@code EXPR} protocol block). */
  EXTERNAL
}
