package dev.autodiscover.internal.xml;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/** Content-type check and charset detection for a response body; no XML parsing happens here. */
public final class XmlBody {
  /** {@code text/xml} and {@code application/xml}: what POX and SOAP 1.1 servers send. */
  public static final Set<String> XML_MEDIA_TYPES = Set.of("text/xml", "application/xml");

  private static final Pattern DECLARED_ENCODING =
      Pattern.compile("^\\s*<\\?xml\\s[^>]*?\\bencoding\\s*=\\s*[\"']([A-Za-z][A-Za-z0-9._-]*)[\"']");
  private static final Pattern CHARSET_PARAMETER =
      Pattern.compile(";\\s*charset\\s*=\\s*\"?([A-Za-z][A-Za-z0-9._-]*)\"?", Pattern.CASE_INSENSITIVE);
  private static final int DECLARATION_WINDOW = 256;
  private static final String ASCII_PROBE = "<?xml version=\"1.0\" encoding=\"x\"?><a:b c='d'/>";

  private XmlBody() {}

  /**
   * Rejects a content type that is not XML. Accepts {@code text/xml} and {@code application/xml} with any
   * parameters; a missing or empty one is left to {@link #checkLooksLikeXml}.
   *
   * @param contentType the {@code Content-Type} header, or null
   * @throws NotAutodiscoverException if it names another media type
   */
  public static void checkContentType(@Nullable String contentType) throws NotAutodiscoverException {
    checkContentType(contentType, XML_MEDIA_TYPES);
  }

  /**
   * Rejects a content type whose media type (compared ignoring case, parameters ignored) is not one of the
   * accepted ones; a missing or empty one is left to {@link #checkLooksLikeXml}.
   *
   * @param contentType the {@code Content-Type} header, or null
   * @param accepted lower-case media types
   * @throws NotAutodiscoverException if it names another media type
   */
  public static void checkContentType(@Nullable String contentType, Set<String> accepted)
      throws NotAutodiscoverException {
    if (contentType == null || contentType.isBlank()) {
      return;
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
        .toLowerCase(Locale.ROOT);
    if (!accepted.contains(mediaType)) {
      throw new NotAutodiscoverException("content type " + excerpt(mediaType.isEmpty() ? contentType : mediaType, 80)
          + " is not XML");
    }
  }

  /**
   * Without a content type, only a body whose first significant character is {@code <} is read as XML.
   *
   * @param text the decoded body
   * @param contentType the {@code Content-Type} header, or null
   * @throws NotAutodiscoverException if there is no content type and the body does not start with {@code <}
   */
  public static void checkLooksLikeXml(String text, @Nullable String contentType) throws NotAutodiscoverException {
    if ((contentType == null || contentType.isBlank()) && !text.stripLeading().startsWith("<")) {
      throw new NotAutodiscoverException("no content type and the body does not start with '<'");
    }
  }

  /**
   * Decodes the body as the XML document says: byte order mark, else the encoding declaration, else the
   * {@code charset} parameter of the content type, else UTF-8. The byte order mark is not part of the
   * returned text. Invalid byte sequences are rejected, not replaced.
   *
   * <p>A UTF-16 or UTF-32 named by the declaration or the content type is ignored unless the bytes look like
   * it (.NET code that serialises through a {@code StringWriter} declares {@code utf-16} whatever it sends).
   *
   * @param body the body bytes
   * @param contentType the {@code Content-Type} header, or null
   * @return the text
   * @throws NotAutodiscoverException if the bytes are not valid in the detected charset, or the declared
   *     encoding is unknown
   */
  public static String decode(byte[] body, @Nullable String contentType) throws NotAutodiscoverException {
    Charset charset;
    int offset = 0;
    if (startsWith(body, 0xEF, 0xBB, 0xBF)) {
      charset = StandardCharsets.UTF_8;
      offset = 3;
    } else if (startsWith(body, 0xFE, 0xFF)) {
      charset = StandardCharsets.UTF_16BE;
      offset = 2;
    } else if (startsWith(body, 0xFF, 0xFE)) {
      charset = StandardCharsets.UTF_16LE;
      offset = 2;
    } else if (startsWith(body, 0x00, '<')) {
      charset = StandardCharsets.UTF_16BE;
    } else if (startsWith(body, '<', 0x00)) {
      charset = StandardCharsets.UTF_16LE;
    } else {
      charset = singleByteCompatible(body, contentType);
    }
    try {
      CharBuffer chars = charset.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, offset, body.length - offset));
      return chars.toString();
    } catch (CharacterCodingException e) {
      throw new NotAutodiscoverException("malformed XML: body is not valid " + charset.name(), e);
    }
  }

  /** The charset of a body in an ASCII-compatible encoding: declaration, content type, UTF-8. */
  private static Charset singleByteCompatible(byte[] body, @Nullable String contentType)
      throws NotAutodiscoverException {
    String head = new String(body, 0, Math.min(body.length, DECLARATION_WINDOW), StandardCharsets.ISO_8859_1);
    Matcher declared = DECLARED_ENCODING.matcher(head);
    if (declared.find()) {
      return charset(declared.group(1), true);
    }
    if (contentType != null) {
      Matcher parameter = CHARSET_PARAMETER.matcher(contentType);
      if (parameter.find()) {
        return charset(parameter.group(1), false);
      }
    }
    return StandardCharsets.UTF_8;
  }

  /**
   * Looks a charset up; an unknown one is an error in the declaration, and ignored in the content type. A
   * charset that does not write ASCII markup as ASCII (UTF-16, UTF-32, EBCDIC) cannot be right for a body
   * whose declaration was just read as ASCII, so UTF-8 is used instead.
   */
  private static Charset charset(String name, boolean declared) throws NotAutodiscoverException {
    Charset charset;
    try {
      charset = Charset.forName(name);
    } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
      if (!declared) {
        return StandardCharsets.UTF_8;
      }
      throw new NotAutodiscoverException("malformed XML: unsupported encoding " + excerpt(name, 40), e);
    }
    boolean asciiCompatible = charset.canEncode()
        && Arrays.equals(ASCII_PROBE.getBytes(charset), ASCII_PROBE.getBytes(StandardCharsets.US_ASCII));
    return asciiCompatible ? charset : StandardCharsets.UTF_8;
  }

  private static boolean startsWith(byte[] body, int... prefix) {
    if (body.length < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if ((body[i] & 0xFF) != prefix[i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * A short, single-line excerpt of untrusted text for an exception message.
   *
   * @param text the text
   * @param max the most characters to keep (an ellipsis follows when cut)
   * @return the excerpt
   */
  public static String excerpt(String text, int max) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= max ? oneLine : oneLine.substring(0, max) + "...";
  }

  /**
   * The local name of a DOM node, also for nodes built without namespace awareness (the part after the
   * prefix of the qualified name).
   *
   * @param node the node
   * @return the local name
   */
  public static String localName(org.w3c.dom.Node node) {
    String local = node.getLocalName();
    if (local != null) {
      return local;
    }
    String name = node.getNodeName();
    return name.substring(name.indexOf(':') + 1);
  }
}
