package dev.autodiscover.internal.xml;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Reads one element and everything in it from a StAX reader into an {@link XmlElement} tree, with the same checks
 * {@link NamespaceMappingReader} applies for JAXB: a DTD event or an entity reference fails the read (with the
 * parser set not to replace references, an undeclared entity arrives as one), and so does element nesting deeper
 * than {@link NamespaceMappingReader#MAX_DEPTH} counted from the element read. No recursion, no DOM.
 *
 * <p>Stateless; thread-safe as long as each reader is used by one thread.
 */
final class XmlElementReader {
  private XmlElementReader() {}

  /**
   * Reads the element the reader is on, up to and including its end tag.
   *
   * @param reader a reader on a {@code START_ELEMENT}; left on the matching {@code END_ELEMENT}
   * @return the element
   * @throws XMLStreamException if the parser fails, or on a DTD, an entity reference or too deep nesting
   * @throws IllegalStateException if the reader is not on a start tag
   */
  static XmlElement read(XMLStreamReader reader) throws XMLStreamException {
    if (reader.getEventType() != XMLStreamConstants.START_ELEMENT) {
      throw new IllegalStateException("the reader is not on a start tag");
    }
    Deque<Open> open = new ArrayDeque<>();
    Open current = Open.of(reader);
    while (true) {
      int event = reader.next();
      switch (event) {
        case XMLStreamConstants.START_ELEMENT -> {
          if (open.size() + 2 > NamespaceMappingReader.MAX_DEPTH) {
            throw NamespaceMappingReader.tooDeep();
          }
          current.trailingTextStart = -1; // set again at the child's end tag
          open.push(current);
          current = Open.of(reader);
        }
        case XMLStreamConstants.END_ELEMENT -> {
          XmlElement done = current.close();
          if (open.isEmpty()) {
            return done;
          }
          current = open.pop();
          current.children.add(done);
          current.trailingTextStart = current.text.length();
        }
        case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE ->
            current.text.append(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
        default -> NamespaceMappingReader.refuseUnsafe(event, reader); // comments and PIs pass, not kept
      }
    }
  }

  /** An element whose end tag has not been read yet. */
  private static final class Open {
    final String namespace;
    final String prefix;
    final String localName;
    final List<XmlElement.Attribute> attributes;
    final List<XmlElement> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();
    /** Where the text after the last child's end tag starts; -1 while a child is open. */
    int trailingTextStart;

    private Open(String namespace, String prefix, String localName, List<XmlElement.Attribute> attributes) {
      this.namespace = namespace;
      this.prefix = prefix;
      this.localName = localName;
      this.attributes = attributes;
    }

    static Open of(XMLStreamReader reader) throws XMLStreamException {
      int count = reader.getAttributeCount();
      List<XmlElement.Attribute> attributes = new ArrayList<>(count);
      for (int i = 0; i < count; i++) {
        attributes.add(new XmlElement.Attribute(orEmpty(reader.getAttributeNamespace(i)),
            orEmpty(reader.getAttributePrefix(i)), checked(reader, reader.getAttributeLocalName(i)),
            reader.getAttributeValue(i)));
      }
      return new Open(orEmpty(reader.getNamespaceURI()), orEmpty(reader.getPrefix()),
          checked(reader, reader.getLocalName()), attributes);
    }

    /** The JDK parser takes {@code <:a>} as local name {@code :a}; like {@code <a:>}, that is no qualified name. */
    private static String checked(XMLStreamReader reader, String localName) throws XMLStreamException {
      if (localName.indexOf(':') >= 0) {
        throw new XMLStreamException("Element or attribute \"" + XmlBody.excerpt(localName, 40)
            + "\" do not match QName production: QName::=(NCName:)?NCName.", reader.getLocation());
      }
      return localName;
    }

    XmlElement close() {
      return new XmlElement(namespace, prefix, localName, attributes, children, text.toString(), trailingTextStart);
    }

    private static String orEmpty(@Nullable String value) {
      return value == null ? "" : value;
    }
  }
}
