package dev.autodiscover;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Shared, package-private storage for element-backed settings views: keeps every element, typed or not, in a
 * compact {@link TextMap}.
 */
final class ElementMap {
  private final TextMap elements;

  ElementMap(Map<String, String> elements) {
    this.elements = TextMap.copyOf(elements);
  }

  /** Every element in document order, unmodifiable. */
  Map<String, String> all() {
    return elements;
  }

  Optional<String> text(String name) {
    String value = elements.get(name);
    if (value == null) {
      for (Map.Entry<String, String> e : elements.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name)) {
          value = e.getValue();
          break;
        }
      }
    }
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  Optional<URI> uri(String name) {
    return text(name).flatMap(ElementMap::toUri);
  }

  Optional<Boolean> flag(String name) {
    return text(name).flatMap(v -> switch (v.toLowerCase(Locale.ROOT)) {
      case "on", "true", "1", "yes" -> Optional.of(Boolean.TRUE);
      case "off", "false", "0", "no" -> Optional.of(Boolean.FALSE);
      default -> Optional.empty();
    });
  }

  /**
   * The value as a URL a client may use: absolute {@code https} with a host and without user info (protocol.md
   * §7; a server must not steer a client to plain http, a script URL or embedded credentials).
   */
  static Optional<URI> toUri(String value) {
    return urlProblem(value).isPresent() ? Optional.empty() : Optional.of(URI.create(value.strip()));
  }

  /**
   * Why a settings URL is refused by the typed accessors, or empty when it is an absolute {@code https} URL
   * with a host and without user info. The reason quotes no part of the value.
   */
  static Optional<String> urlProblem(String value) {
    URI uri;
    try {
      uri = new URI(value.strip());
    } catch (URISyntaxException e) {
      return Optional.of("not a URI");
    }
    if (!uri.isAbsolute()) {
      return Optional.of("not an absolute URL");
    }
    if (!"https".equalsIgnoreCase(uri.getScheme())) {
      return Optional.of("not https");
    }
    if (uri.getRawUserInfo() != null) {
      return Optional.of("has user info");
    }
    if (uri.getHost() == null || uri.getHost().isEmpty()) {
      return Optional.of("has no host");
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return PrintableText.escape(elements.toString());
  }
}
