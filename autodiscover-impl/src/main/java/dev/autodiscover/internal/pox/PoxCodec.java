package dev.autodiscover.internal.pox;

import com.google.common.xml.XmlEscapers;

import dev.autodiscover.EmailAddress;
import dev.autodiscover.internal.Lazy;
import dev.autodiscover.internal.xml.HardenedXml;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.xml.XmlBody;
import dev.autodiscover.internal.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;

/**
 * Writes POX Autodiscover requests and reads the answers (protocol.md §3).
 *
 * <p>Answers come from untrusted hosts, so parsing is hardened: bodies over {@link #MAX_BODY_BYTES} are
 * refused unread, only XML content types are read, the JDK's own StAX parser runs without DTD support or
 * external entities (and any {@code DOCTYPE} is refused outright), and the root element must be the
 * response-schema {@code Autodiscover}. The document is read into a small element tree (no JAXB, no DOM: both
 * cost a fresh JVM far more than the parse itself) and mapped from there; unknown elements are kept, not dropped.
 *
 * <p>Thread-safe and cheap to make; nothing is shared between codecs but the parser's loaded classes.
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

  private static final QName ROOT = new QName(RESPONSE_NS, "Autodiscover");

  /** The hardened parser, run once on a tiny document so that its classes are loaded; see {@link #prefetch}. */
  private static final Lazy<Boolean> PARSER_WARM = Lazy.of(() -> {
    HardenedXml.warmUp();
    return Boolean.TRUE;
  });

  private PoxCodec() {}

  /**
   * Creates a codec. Cheap: nothing is loaded until the first {@link #parse} (or {@link #prefetch}).
   *
   * @return a new codec
   */
  public static PoxCodec create() {
    return new PoxCodec();
  }

  /**
   * Starts loading the hardened XML parser on {@code executor} (by reading a tiny built-in document once) unless
   * that was done, so that it is ready when the first answer arrives; for example while the first connection's
   * TLS handshake runs. Failures are ignored: the first {@link #parse} meets them.
   *
   * @param executor runs the work; one that refuses it changes nothing
   * @throws NullPointerException if {@code executor} is null
   */
  public void prefetch(java.util.concurrent.Executor executor) {
    PARSER_WARM.prefetch(executor);
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
    String text = HardenedXml.readText(body, contentType, XmlBody.XML_MEDIA_TYPES);
    XmlElement root = HardenedXml.readElement(text, ROOT);
    return PoxMapping.toResponse(root, text);
  }

  private static String escape(String text) {
    return XmlEscapers.xmlContentEscaper().escape(text);
  }
}
