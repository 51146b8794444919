package dev.autodiscover.internal.xml;

import java.util.Iterator;
import java.util.Set;
import javax.xml.namespace.NamespaceContext;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import javax.xml.stream.util.StreamReaderDelegate;
import org.jspecify.annotations.Nullable;

/**
 * Presents a set of namespaces as the single namespace a JAXB model is bound to (for POX: the two response
 * namespaces); names in any other namespace pass through unchanged (so JAXB ignores them). With no mapped
 * namespaces it changes no name and only checks.
 *
 * <p>Also the last line of defence while JAXB reads: a DTD event or an entity reference (with the parser set
 * not to replace references, an undeclared entity arrives as one) fails the read,
 * and so does element nesting deeper than {@link #MAX_DEPTH} (codecs walk the result recursively).
 */
final class NamespaceMappingReader extends StreamReaderDelegate {
  /** Far deeper than any real answer (Autodiscover/Response/Account/Protocol/Internal/Protocol/ASUrl is 7). */
  static final int MAX_DEPTH = 64;

  private final Set<String> mapped;
  private final String target;
  private int depth;

  NamespaceMappingReader(XMLStreamReader reader, Set<String> mappedNamespaces, String targetNamespace) {
    super(reader);
    this.mapped = Set.copyOf(mappedNamespaces);
    this.target = targetNamespace;
    if (reader.getEventType() == XMLStreamConstants.START_ELEMENT) {
      depth = 1;
    }
  }

  private @Nullable String map(@Nullable String namespace) {
    return namespace != null && mapped.contains(namespace) ? target : namespace;
  }

  @Override
  public int next() throws XMLStreamException {
    int event = super.next();
    switch (event) {
      case XMLStreamConstants.START_ELEMENT -> {
        if (++depth > MAX_DEPTH) {
          throw tooDeep();
        }
      }
      case XMLStreamConstants.END_ELEMENT -> depth--;
      default -> refuseUnsafe(event, this);
    }
    return event;
  }

  /**
   * Fails on the events a hardened read never accepts: a DTD, an entity reference (with the parser set not to
   * replace references, an undeclared entity arrives as one) and an entity declaration. Text, comments and
   * processing instructions pass.
   *
   * @param event the event the reader is on
   * @param reader the reader, for an entity reference's name
   * @throws XMLStreamException naming what was refused
   */
  static void refuseUnsafe(int event, XMLStreamReader reader) throws XMLStreamException {
    switch (event) {
      case XMLStreamConstants.DTD -> throw new XMLStreamException("DOCTYPE is not allowed");
      case XMLStreamConstants.ENTITY_REFERENCE ->
          throw new XMLStreamException("undeclared entity &" + XmlBody.excerpt(reader.getLocalName(), 40) + ";");
      case XMLStreamConstants.ENTITY_DECLARATION -> throw new XMLStreamException("entity declarations are not allowed");
      default -> {
        // text, comments, processing instructions: nothing to check
      }
    }
  }

  /** {@return the failure for element nesting deeper than {@link #MAX_DEPTH}} */
  static XMLStreamException tooDeep() {
    return new XMLStreamException("elements nested deeper than " + MAX_DEPTH + " levels");
  }

  /** Implemented on {@link #next()} so that the checks above also apply. */
  @Override
  public int nextTag() throws XMLStreamException {
    int event = next();
    while ((event == XMLStreamConstants.CHARACTERS && isWhiteSpace())
        || (event == XMLStreamConstants.CDATA && isWhiteSpace())
        || event == XMLStreamConstants.SPACE
        || event == XMLStreamConstants.PROCESSING_INSTRUCTION
        || event == XMLStreamConstants.COMMENT) {
      event = next();
    }
    if (event != XMLStreamConstants.START_ELEMENT && event != XMLStreamConstants.END_ELEMENT) {
      throw new XMLStreamException("expected a start or end tag", getLocation());
    }
    return event;
  }

  @Override
  public @Nullable String getNamespaceURI() {
    return map(super.getNamespaceURI());
  }

  @Override
  public QName getName() {
    QName name = super.getName();
    String ns = map(name.getNamespaceURI());
    return ns == null || ns.equals(name.getNamespaceURI())
        ? name
        : new QName(ns, name.getLocalPart(), name.getPrefix());
  }

  @Override
  public @Nullable String getNamespaceURI(String prefix) {
    return map(super.getNamespaceURI(prefix));
  }

  @Override
  public @Nullable String getNamespaceURI(int index) {
    return map(super.getNamespaceURI(index));
  }

  @Override
  public @Nullable String getAttributeNamespace(int index) {
    return map(super.getAttributeNamespace(index));
  }

  @Override
  public QName getAttributeName(int index) {
    QName name = super.getAttributeName(index);
    String ns = map(name.getNamespaceURI());
    return ns == null || ns.equals(name.getNamespaceURI())
        ? name
        : new QName(ns, name.getLocalPart(), name.getPrefix());
  }

  @Override
  public NamespaceContext getNamespaceContext() {
    NamespaceContext context = super.getNamespaceContext();
    return new NamespaceContext() {
      @Override
      public @Nullable String getNamespaceURI(String prefix) {
        return map(context.getNamespaceURI(prefix));
      }

      @Override
      public @Nullable String getPrefix(String namespaceUri) {
        return context.getPrefix(namespaceUri);
      }

      @Override
      public Iterator<String> getPrefixes(String namespaceUri) {
        return context.getPrefixes(namespaceUri);
      }
    };
  }
}
