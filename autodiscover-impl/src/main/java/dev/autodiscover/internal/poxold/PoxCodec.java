package dev.autodiscover.internal.poxold;

import com.google.common.xml.XmlEscapers;

import dev.autodiscover.EmailAddress;
import dev.autodiscover.internal.Lazy;
import dev.autodiscover.internal.xml.HardenedXml;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.xml.XmlBody;
import dev.autodiscover.internal.pox.PoxResponse;
import jakarta.xml.bind.JAXBContext;
import jakarta.xml.bind.JAXBException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.Set;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;

/**
 * Writes POX Autodiscover requests and reads the answers (protocol.md §3).
 *
 * <p>Answers come from untrusted hosts, so parsing is hardened: bodies over {@link #MAX_BODY_BYTES} are
 * refused unread, only XML content types are read, the JDK's own StAX parser runs without DTD support or
 * external entities (and any {@code DOCTYPE} is refused outright), and the root element must be the
 * response-schema {@code Autodiscover}. JAXB then maps the document; unknown elements are kept, not dropped.
 *
 * <p>Thread-safe. The JAXB context is made at the first {@link #parse} in the JVM and shared by every codec, so
 * making a codec is cheap and a process that never reads a POX answer never pays for it.
 */
public final class PoxCodec {
  /** The largest body {@link #parse} reads; real answers are a few KB. */
  public static final int MAX_BODY_BYTES = HardenedXml.MAX_BODY_BYTES;

  /** Namespace of the request document (Outlook schema). Servers match it literally: {@code http://}. */
  static final String REQUEST_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006";
  /** Namespace of the root {@code Autodiscover} element of every answer, and of generic errors. */
  static final String RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
  /** Namespace of {@code Response} and below in an Outlook-schema answer; also the acceptable schema. */
  static final String OUTLOOK_RESPONSE_NS =
      "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

  private static final Set<String> MAPPED_NAMESPACES = Set.of(RESPONSE_NS, OUTLOOK_RESPONSE_NS);
  private static final QName ROOT = new QName(RESPONSE_NS, "Autodiscover");

  /** The JVM's one JAXB context for the POX model, made at the first parse. */
  private static final Lazy<JAXBContext> CONTEXT = Lazy.of(PoxCodec::newContext);

  private PoxCodec() {}

  /**
   * Creates a codec. Cheap: the JAXB context is made at the first {@link #parse} (or {@link #prefetch}).
   *
   * @return a new codec
   */
  public static PoxCodec create() {
    return new PoxCodec();
  }

  /**
   * Starts making the JAXB context on {@code executor} unless it is made, so that it is ready (or nearly) when the
   * first answer arrives; for example while the first connection's TLS handshake runs.
   *
   * @param executor runs the work
   */
  public void prefetch(java.util.concurrent.Executor executor) {
    CONTEXT.prefetch(executor);
  }

  private static JAXBContext newContext() {
    try {
      return JAXBContext.newInstance(PoxModel.Root.class);
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
   * @throws IllegalStateException if no JAXB runtime is available
   */
  public PoxResponse parse(byte[] body, @Nullable String contentType) throws NotAutodiscoverException {
    String text = HardenedXml.readText(body, contentType, XmlBody.XML_MEDIA_TYPES);
    PoxModel.Root root = HardenedXml.unmarshal(
        CONTEXT.get(), text, PoxModel.Root.class, ROOT, MAPPED_NAMESPACES, PoxModel.MODEL_NS);
    return PoxMapping.toResponse(root, text);
  }

  private static String escape(String text) {
    return XmlEscapers.xmlContentEscaper().escape(text);
  }
}
