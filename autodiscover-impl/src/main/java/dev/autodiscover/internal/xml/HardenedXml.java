package dev.autodiscover.internal.xml;

import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The one hardened way the SDK reads XML from untrusted hosts (protocol.md §10.3 rule 10): bodies over
 * {@link #MAX_BODY_BYTES} are refused unread, only accepted content types are read, the JDK's own StAX parser
 * runs without DTD support or external entities (any {@code DOCTYPE} is refused outright), nesting deeper than
 * 64 elements fails, the root element must be the expected one, and trailing content after it is an error.
 * The document is then either read into an {@link XmlElement} tree ({@link #readElement}, no JAXB or DOM) or
 * mapped by JAXB onto a model class ({@link #unmarshal}).
 *
 * <p>Stateless and thread-safe; every method throws {@link NullPointerException} for null arguments not marked
 * {@link Nullable}.
 */
public final class HardenedXml {
  /** The largest body {@link #readText} accepts; real answers are a few KB. */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  private static final int MAX_MESSAGE = 160;
  private static final Pattern PARSE_ERROR_POSITION =
      Pattern.compile("^ParseError at \\[row,col\\]:\\[(\\d+),(\\d+)\\]\\s*Message:\\s*");

  private static final String WARM_UP_DOCUMENT =
      "<?xml version=\"1.0\" encoding=\"utf-8\"?><a xmlns=\"urn:a\" b=\"c\"><d>e&amp;<![CDATA[f]]></d><!-- g --></a>";
  private static final QName WARM_UP_ROOT = new QName("urn:a", "a");

  private HardenedXml() {}

  /**
   * Checks size and content type, decodes the body and rejects an empty or obviously non-XML one.
   *
   * @param body the response body as received
   * @param contentType the {@code Content-Type} header, or null when there was none
   * @param acceptedMediaTypes lower-case media types that may be read
   * @return the decoded text (with any white space before the XML declaration still in it)
   * @throws NotAutodiscoverException if the body is too large, empty, of another content type or not decodable
   */
  public static String readText(byte[] body, @Nullable String contentType, Set<String> acceptedMediaTypes)
      throws NotAutodiscoverException {
    Objects.requireNonNull(body, "body");
    if (body.length > MAX_BODY_BYTES) {
      throw new NotAutodiscoverException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    XmlBody.checkContentType(contentType, acceptedMediaTypes);
    String text = XmlBody.decode(body, contentType);
    if (text.isBlank()) {
      throw new NotAutodiscoverException("body is empty");
    }
    XmlBody.checkLooksLikeXml(text, contentType);
    return text;
  }

  /**
   * Parses a document with the hardened reader and maps it with JAXB.
   *
   * @param <T> the model type of the root element
   * @param context the JAXB context that knows {@code type}
   * @param xml the document text (leading white space is tolerated)
   * @param type the model class of the root element
   * @param root the root element the document must start with
   * @param mappedNamespaces namespaces presented to JAXB as {@code modelNamespace} (empty: no mapping)
   * @param modelNamespace the namespace the model is bound to when namespaces are mapped
   * @return the mapped root, never null
   * @throws NotAutodiscoverException if the document is not well-formed, has a DOCTYPE or entity references,
   *     nests too deep, has another root element or trailing content
   */
  public static <T> T unmarshal(JAXBContext context, String xml, Class<T> type, QName root,
      Set<String> mappedNamespaces, String modelNamespace) throws NotAutodiscoverException {
    XMLStreamReader reader = null;
    try {
      reader = open(xml);
      moveToRoot(reader, root);
      Unmarshaller unmarshaller = context.createUnmarshaller();
      T value = unmarshaller.unmarshal(new NamespaceMappingReader(reader, mappedNamespaces, modelNamespace), type)
          .getValue();
      readToEnd(reader); // JAXB stops at the root's end tag
      if (value == null) {
        throw new NotAutodiscoverException("malformed XML: no content");
      }
      return value;
    } catch (XMLStreamException e) {
      throw malformed(e);
    } catch (JAXBException e) {
      Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
      throw malformed(cause != null ? cause : e);
    } finally {
      close(reader);
    }
  }

  /**
   * Parses a document with the hardened reader into an element tree, without JAXB or DOM.
   *
   * @param xml the document text (leading white space is tolerated)
   * @param root the root element the document must start with
   * @return the root element, never null
   * @throws NotAutodiscoverException if the document is not well-formed, has a DOCTYPE or entity references,
   *     nests too deep, has another root element or trailing content
   */
  public static XmlElement readElement(String xml, QName root) throws NotAutodiscoverException {
    XMLStreamReader reader = null;
    try {
      reader = open(xml);
      moveToRoot(reader, root);
      XmlElement element = XmlElementReader.read(reader);
      readToEnd(reader);
      return element;
    } catch (XMLStreamException e) {
      throw malformed(e);
    } finally {
      close(reader);
    }
  }

  /**
   * Makes the hardened StAX reader once and reads a tiny document with it, so that the parser's classes are
   * loaded and initialised before the first real answer arrives. Failures are left to the first real read.
   */
  public static void warmUp() {
    try {
      readElement(WARM_UP_DOCUMENT, WARM_UP_ROOT);
    } catch (NotAutodiscoverException | RuntimeException e) {
      // the first real read meets the failure itself
    }
  }

  /**
   * Describes an element name for a message: {@code {namespace}local}, or just {@code local} without a
   * namespace, shortened to a safe length.
   *
   * @param namespace the namespace URI, or null or empty for none
   * @param local the local name
   * @return the description
   */
  public static String describe(@Nullable String namespace, String local) {
    String name = namespace == null || namespace.isEmpty() ? local : "{" + namespace + "}" + local;
    return XmlBody.excerpt(name, MAX_MESSAGE);
  }

  /**
   * Reads the prolog: a DOCTYPE is refused (whatever it declares), and the first element must be the expected
   * root. Leaves the reader on that start tag.
   */
  private static void moveToRoot(XMLStreamReader reader, QName expected)
      throws XMLStreamException, NotAutodiscoverException {
    int event = reader.getEventType();
    while (event != XMLStreamConstants.START_ELEMENT) {
      switch (event) {
        case XMLStreamConstants.DTD -> throw new NotAutodiscoverException("DOCTYPE is not allowed");
        case XMLStreamConstants.ENTITY_REFERENCE, XMLStreamConstants.ENTITY_DECLARATION ->
            throw new NotAutodiscoverException("entity references are not allowed");
        case XMLStreamConstants.END_DOCUMENT -> throw new NotAutodiscoverException("malformed XML: no root element");
        case XMLStreamConstants.CHARACTERS -> {
          if (!reader.isWhiteSpace()) {
            throw new NotAutodiscoverException("malformed XML: text before the root element");
          }
        }
        default -> {
          // START_DOCUMENT, comments, processing instructions, white space
        }
      }
      event = reader.next();
    }
    String namespace = reader.getNamespaceURI();
    String local = reader.getLocalName();
    if (!expected.getLocalPart().equals(local)) {
      throw new NotAutodiscoverException(
          "root element is " + describe(namespace, local) + ", not " + expected.getLocalPart());
    }
    if (!expected.getNamespaceURI().equals(namespace == null ? "" : namespace)) {
      throw new NotAutodiscoverException("root element is " + describe(namespace, local)
          + ", not in the response namespace " + expected.getNamespaceURI());
    }
  }

  /** Reads on after the root's end tag, so that trailing content fails the read. */
  private static void readToEnd(XMLStreamReader reader) throws XMLStreamException {
    while (reader.hasNext()) {
      reader.next();
    }
  }

  private static XMLStreamReader open(String xml) throws XMLStreamException {
    // Tolerated: white space before the XML declaration, which the XML parser itself would refuse.
    return hardenedFactory().createXMLStreamReader(new StringReader(xml.stripLeading()));
  }

  private static void close(@Nullable XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException ignored) {
        // nothing to release: the input is a string
      }
    }
  }

  private static XMLInputFactory hardenedFactory() {
    // The JDK's own implementation, whatever else is on the class path (build.md §15).
    XMLInputFactory factory = XMLInputFactory.newDefaultFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
    factory.setXMLResolver((publicId, systemId, baseUri, namespace) -> {
      throw new XMLStreamException("external resources are not allowed");
    });
    return factory;
  }

  private static NotAutodiscoverException malformed(Throwable cause) {
    String message = cause.getMessage();
    if (message == null || message.isBlank()) {
      message = cause.getClass().getSimpleName();
    }
    // JDK parser messages read "ParseError at [row,col]:[3,5]\nMessage: ..."; keep the position and reason.
    message = PARSE_ERROR_POSITION.matcher(message).replaceFirst("line $1, column $2: ");
    if (message.contains("DOCTYPE is not allowed")) {
      return new NotAutodiscoverException("DOCTYPE is not allowed", cause);
    }
    return new NotAutodiscoverException("malformed XML: " + XmlBody.excerpt(message, MAX_MESSAGE), cause);
  }
}
