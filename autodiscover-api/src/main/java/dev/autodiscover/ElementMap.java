package dev.autodiscover;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/** Shared, package-private storage for element-backed settings views: keeps every element, typed or not. */
final class ElementMap {
  private final Map<String, String> elements;

  ElementMap(Map<String, String> elements) {
    Objects.requireNonNull(elements, "elements");
    LinkedHashMap<String, String> copy = new LinkedHashMap<>();
    elements.forEach((k, v) -> copy.put(Objects.requireNonNull(k, "element name"), Objects.requireNonNull(v, k)));
    this.elements = Collections.unmodifiableMap(copy);
  }

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

  static Optional<URI> toUri(String value) {
    try {
      URI uri = new URI(value.strip());
      return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  @Override
  public String toString() {
    return elements.toString();
  }
}
