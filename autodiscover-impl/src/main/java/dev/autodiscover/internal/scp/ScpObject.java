package dev.autodiscover.internal.scp;

import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One {@code serviceConnectionPoint} object as read from the directory.
 *
 * @param dn the object's distinguished name
 * @param keywords the values of {@code keywords}, as stored
 * @param bindings the values of {@code serviceBindingInformation}, as stored
 */
record ScpObject(String dn, List<String> keywords, List<String> bindings) {
  /** Keyword GUID of an SCP pointer (protocol.md §2.3.1). */
  static final String POINTER_KEYWORD = "67661d7F-8FC4-4fa7-BFAC-E1D7794C1F68";
  /** Keyword GUID of an SCP URL (protocol.md §2.3.1). */
  static final String URL_KEYWORD = "77378F46-2C66-4aa9-A6A6-3E7A48B19596";

  ScpObject {
    keywords = List.copyOf(keywords);
    bindings = List.copyOf(bindings);
  }

  boolean isPointer() {
    return hasKeyword(POINTER_KEYWORD);
  }

  boolean isUrl() {
    return hasKeyword(URL_KEYWORD);
  }

  /** Values of the {@code Domain=} keywords, stripped. */
  List<String> domains() {
    return prefixed("domain=");
  }

  /** Values of the {@code Site=} keywords, stripped. */
  List<String> sites() {
    return prefixed("site=");
  }

  Optional<String> firstBinding() {
    return bindings.stream().map(String::strip).filter(b -> !b.isEmpty()).findFirst();
  }

  private boolean hasKeyword(String keyword) {
    return keywords.stream().anyMatch(k -> k.strip().equalsIgnoreCase(keyword));
  }

  private List<String> prefixed(String lowerCasePrefix) {
    return keywords.stream()
        .map(String::strip)
        .filter(k -> k.toLowerCase(Locale.ROOT).startsWith(lowerCasePrefix))
        .map(k -> k.substring(lowerCasePrefix.length()).strip())
        .toList();
  }
}
