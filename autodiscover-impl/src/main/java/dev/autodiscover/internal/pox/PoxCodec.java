package dev.autodiscover.internal.pox;

import com.google.common.xml.XmlEscapers;

import dev.autodiscover.EmailAddress;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import jakarta.xml.bind.Unmarshaller;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import javax.xml.XMLConstants;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Writes POX Autodiscover requests and reads the answers (protocol.md §3).
 *
 * <p>Answers come from untrusted hosts, so parsing is hardened: bodies over {@link #MAX_BODY_BYTES} are
 * refused unread, only XML content types are read, the JDK's own StAX parser runs without DTD support or
 * external entities (and any {@code DOCTYPE} is refused outright), and the root element must be the
 * response-schema {@code Autodiscover}. JAXB then maps the document; unknown elements are kept, not dropped.
 *
 * <p>Thread-safe; one instance per JVM is fine (caches the JAXBContext).
 */
public final class PoxCodec {
  /** The largest body {@link #parse} reads; real answers are a few KB. */
  public static final int MAX_BODY_BYTES = 512 * 1024;

  /** Namespace of the request document (Outlook schema). Servers match it literally: {@code http://}. */
  static final String REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
  /** Namespace of the root {@code Autodiscover} element of every answer, and of generic errors. */
  static final String RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
  /** Namespace of {@code Response} and below in an Outlook-schema answer; also the acceptable schema. */
  static final String OUTLOOK_RESPONSE_NS =
      "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

  private static final Set<String> MAPPED_NAMESPACES = Set.of(RESPONSE_NS, OUTLOOK_RESPONSE_NS);
  private static final int MAX_MESSAGE = 160;
  private static final Pattern PARSE_ERROR_POSITION =
      Pattern.compile("^ParseError at \\[row,col\\]:\\[(\\d+),(\\d+)\\]\\s*Message:\\s*");

  private final JAXBContext context;

  private PoxCodec(JAXBContext context) {
    this.context = context;
  }

  /**
   * Creates a codec.
   *
   * @return a new codec with its own JAXB context
   * @throws IllegalStateException if no JAXB runtime is available
   */
  public static PoxCodec create() {
    try {
      return new PoxCodec(JAXBContext.newInstance(PoxModel.Root.class));
    } catch (JAXBException e) {
      throw new IllegalStateException("Cannot create the JAXB context for POX Autodiscover (it needs"
          + " org.glassfish.jaxb:jaxb-runtime and, on the module path, this package opened to jakarta.xml.bind): "
          + e.getMessage(), e);
    }
  }

  /**
   * Returns the POX request document for an address: the Outlook request schema, asking for the 2006a
   * response schema, with the {@code http://} namespaces servers expect (protocol.md §3.2).
   *
   * @param address the mailbox address
   * @return the document as UTF-8 bytes, with an XML declaration
   */
  public byte[] requestBody(EmailAddress address) {
    Objects.requireNonNull(address, "address");
    String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<Autodiscover xmlns=\"" + REQUEST_NS + "\">\n"
        + "  <Request>\n"
        + "    <EMailAddress>" + escape(address.toString()) + "</EMailAddress>\n"
        + "    <AcceptableResponseSchema>" + OUTLOOK_RESPONSE_NS + "</AcceptableResponseSchema>\n"
        + "  </Request>\n"
        + "</Autodiscover>\n";
    return xml.getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Parses an answer.
   *
   * @param body the response body as received
   * @param contentType the response {@code Content-Type} header, or null when there was none
   * @return settings, a redirect, or an error answer
   * @throws NotAutodiscoverException if the body is not a usable POX Autodiscover answer (wrong content type,
   *     too large, not well-formed, a DOCTYPE, a foreign root element, an unknown Action, ...)
   */
  public PoxResponse parse(byte[] body, @Nullable String contentType) throws NotAutodiscoverException {
    Objects.requireNonNull(body, "body");
    if (body.length > MAX_BODY_BYTES) {
      throw new NotAutodiscoverException("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    XmlBody.checkContentType(contentType);
    String text = XmlBody.decode(body, contentType);
    if (text.isBlank()) {
      throw new NotAutodiscoverException("body is empty");
    }
    XmlBody.checkLooksLikeXml(text, contentType);
    // Tolerated: white space before the XML declaration, which the XML parser itself would refuse.
    PoxModel.Root root = unmarshal(text.stripLeading());
    return PoxMapping.toResponse(root, text);
  }

  private PoxModel.Root unmarshal(String xml) throws NotAutodiscoverException {
    XMLStreamReader reader = null;
    try {
      reader = hardenedFactory().createXMLStreamReader(new StringReader(xml));
      moveToRoot(reader);
      Unmarshaller unmarshaller = context.createUnmarshaller();
      PoxModel.Root root =
          unmarshaller.unmarshal(new NamespaceMappingReader(reader, MAPPED_NAMESPACES), PoxModel.Root.class)
              .getValue();
      // JAXB stops at the root's end tag; read on so that trailing garbage is noticed.
      while (reader.hasNext()) {
        reader.next();
      }
      if (root == null) {
        throw new NotAutodiscoverException("malformed XML: no content");
      }
      return root;
    } catch (XMLStreamException e) {
      throw malformed(e);
    } catch (JAXBException e) {
      Throwable cause = e.getLinkedException() != null ? e.getLinkedException() : e.getCause();
      throw malformed(cause != null ? cause : e);
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException ignored) {
          // nothing to release: the input is a string
        }
      }
    }
  }

  /**
   * Reads the prolog: a DOCTYPE is refused (whatever it declares), and the first element must be the
   * response-schema {@code Autodiscover}. Leaves the reader on that start tag.
   */
  private static void moveToRoot(XMLStreamReader reader) throws XMLStreamException, NotAutodiscoverException {
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
    if (!"Autodiscover".equals(local)) {
      throw new NotAutodiscoverException("root element is " + describe(namespace, local) + ", not Autodiscover");
    }
    if (!RESPONSE_NS.equals(namespace)) {
      throw new NotAutodiscoverException("root element is " + describe(namespace, local)
          + ", not in the response namespace " + RESPONSE_NS);
    }
  }

  private static String describe(@Nullable String namespace, String local) {
    String name = namespace == null || namespace.isEmpty() ? local : "{" + namespace + "}" + local;
    return XmlBody.excerpt(name, MAX_MESSAGE);
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

  private static String escape(String text) {
    return XmlEscapers.xmlContentEscaper().escape(text);
  }
}
