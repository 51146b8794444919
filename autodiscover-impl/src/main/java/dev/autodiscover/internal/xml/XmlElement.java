package dev.autodiscover.internal.xml;

import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One element of a document read by {@link XmlElementReader}: its name, its attributes and child elements in
 * document order, and its own character data. Comments and processing instructions are not kept; namespace
 * declarations are not attributes.
 *
 * <p>Immutable and thread-safe. Every method returns a non-null value; a name without a namespace or prefix has
 * the empty string there.
 */
public final class XmlElement {
  private final String namespace;
  private final String prefix;
  private final String localName;
  private final List<Attribute> attributes;
  private final List<XmlElement> children;
  private final String text;
  private final int trailingTextStart;

  XmlElement(String namespace, String prefix, String localName, List<Attribute> attributes,
      List<XmlElement> children, String text, int trailingTextStart) {
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.prefix = Objects.requireNonNull(prefix, "prefix");
    this.localName = Objects.requireNonNull(localName, "localName");
    this.attributes = List.copyOf(attributes);
    this.children = List.copyOf(children);
    this.text = Objects.requireNonNull(text, "text");
    this.trailingTextStart = trailingTextStart;
  }

  /**
   * The namespace URI.
   *
   * @return the URI, empty when the element has no namespace
   */
  public String namespace() {
    return namespace;
  }

  /**
   * The prefix the document wrote the name with.
   *
   * @return the prefix, empty when there was none
   */
  public String prefix() {
    return prefix;
  }

  /**
   * The local name.
   *
   * @return the name without prefix
   */
  public String localName() {
    return localName;
  }

  /**
   * The attributes, namespace declarations excluded.
   *
   * @return an unmodifiable list in document order
   */
  public List<Attribute> attributes() {
    return attributes;
  }

  /**
   * The child elements.
   *
   * @return an unmodifiable list in document order
   */
  public List<XmlElement> children() {
    return children;
  }

  /**
   * The element's own character data (text, CDATA sections, white space), concatenated; the text inside child
   * elements is not part of it. References are already replaced by the characters they stand for.
   *
   * @return the text as it was, not trimmed; empty when there was none
   */
  public String text() {
    return text;
  }

  /**
   * The part of {@link #text()} that follows the last child element's end tag (for an element without children,
   * all of it).
   *
   * @return the text, not trimmed; empty when there was none
   */
  public String trailingText() {
    return text.substring(trailingTextStart);
  }

  /**
   * The value of the attribute with this namespace and local name.
   *
   * @param namespace the namespace URI, empty for an attribute without namespace
   * @param localName the local name
   * @return the value as the parser gave it, or null when the element has no such attribute
   */
  public @Nullable String attribute(String namespace, String localName) {
    for (Attribute a : attributes) {
      if (a.localName().equals(localName) && a.namespace().equals(namespace)) {
        return a.value();
      }
    }
    return null;
  }

  /** A short description for debugging: {@code {namespace}local}; no text, so nothing sensitive. */
  @Override
  public String toString() {
    return namespace.isEmpty() ? localName : "{" + namespace + "}" + localName;
  }

  /**
   * One attribute.
   *
   * @param namespace the namespace URI, empty when the attribute has none
   * @param prefix the prefix the document wrote the name with, empty when there was none
   * @param localName the local name
   * @param value the value after the parser's attribute-value normalisation
   */
  public record Attribute(String namespace, String prefix, String localName, String value) {
    /** Checks that no component is null. */
    public Attribute {
      Objects.requireNonNull(namespace, "namespace");
      Objects.requireNonNull(prefix, "prefix");
      Objects.requireNonNull(localName, "localName");
      Objects.requireNonNull(value, "value");
    }

    /**
     * The name as written: {@code prefix:local}, or the local name alone.
     *
     * @return the qualified name
     */
    public String qualifiedName() {
      return prefix.isEmpty() ? localName : prefix + ":" + localName;
    }

    /** The qualified name only: the value is text from the network and stays out of logs. */
    @Override
    public String toString() {
      return qualifiedName();
    }
  }
}
