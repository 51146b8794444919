package dev.autodiscover.internal.v2;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.google.common.net.HostAndPort;
import com.google.common.net.InetAddresses;
import com.google.common.net.InternetDomainName;
import com.google.common.net.UrlEscapers;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.V2Protocol;
import dev.autodiscover.internal.Lazy;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Builds Autodiscover v2 request URLs and reads the answers (protocol.md §5).
 *
 * <p>Answers come from untrusted hosts; the JSON parser runs under tight limits ({@link #MAX_BODY_BYTES} per
 * document, {@value #MAX_NESTING} levels, {@value #MAX_STRING} characters per string, {@value #MAX_NUMBER}
 * digits per number, {@value #MAX_NAME} characters per property name), refuses duplicate keys and trailing
 * content. Whatever is not a v2 answer becomes {@link V2Response.NotV2}; nothing here throws for bad input from
 * the server.
 *
 * <p>Thread-safe; one instance per JVM is fine, and making one is cheap. Methods throw
 * {@link NullPointerException} for null arguments not marked {@link Nullable}.
 */
public final class V2Codec {
  /** The largest body read; real answers are under 300 bytes. */
  public static final int MAX_BODY_BYTES = 64 * 1024;
  static final int MAX_NESTING = 16;
  static final int MAX_STRING = 8 * 1024;
  static final int MAX_NUMBER = 32;
  static final int MAX_NAME = 256;

  private static final int MAX_REASON = 120;

  /** The JVM's one tightly limited JSON parser, made at the first parse: a POX or SOAP run never loads Jackson. */
  private static final Lazy<JsonMapper> MAPPER = Lazy.of(V2Codec::newMapper);

  private V2Codec() {}

  /**
   * Creates a codec. Cheap: its tightly limited JSON parser (never the global Jackson defaults) is made at the
   * first parse in the JVM and shared by every codec.
   *
   * @return a new codec
   */
  public static V2Codec create() {
    return new V2Codec();
  }

  private static JsonMapper newMapper() {
    JsonFactory factory = JsonFactory.builder()
        .streamReadConstraints(StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING)
            .maxStringLength(MAX_STRING)
            .maxNumberLength(MAX_NUMBER)
            .maxNameLength(MAX_NAME)
            .maxDocumentLength(MAX_BODY_BYTES)
            .build())
        .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
        .build();
    JsonMapper mapper = JsonMapper.builder(factory)
        .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
        .build();
    return mapper;
  }

  /**
   * Returns the current-form request URL (protocol.md §5.1):
   * {@code https://<host>/autodiscover/autodiscover.json/v1.0/<email>?Protocol=<protocol>}, with the address
   * percent-encoded as one path segment ({@code @} stays as it is).
   *
   * @param host a host name or IP address, optionally with {@code :port}
   * @param email the mailbox address
   * @param protocol the protocol to ask for
   * @return the URL
   * @throws IllegalArgumentException if {@code host} is not a valid host name or address (with optional port)
   */
  public URI requestUrl(String host, EmailAddress email, V2Protocol protocol) {
    Objects.requireNonNull(host, "host");
    Objects.requireNonNull(email, "email");
    Objects.requireNonNull(protocol, "protocol");
    HostAndPort hostAndPort;
    try {
      hostAndPort = HostAndPort.fromString(host.strip());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("host must be a host name with an optional port, got '" + host + "'", e);
    }
    String name = hostAndPort.getHost();
    if (!InternetDomainName.isValid(name) && !InetAddresses.isUriInetAddress(name)
        && !InetAddresses.isInetAddress(name)) {
      throw new IllegalArgumentException("host must be a host name with an optional port, got '" + host + "'");
    }
    String segment = UrlEscapers.urlPathSegmentEscaper().escape(email.toString());
    return URI.create("https://" + hostAndPort + "/autodiscover/autodiscover.json/v1.0/" + segment
        + "?Protocol=" + protocol.wireName());
  }

  /**
   * Classifies an answer.
   *
   * @param status the HTTP status
   * @param location the {@code Location} header, or null
   * @param body the response body as received (ignored for redirects)
   * @param contentType the {@code Content-Type} header, or null
   * @return the endpoint, a redirect, an error, or "not v2"; never null
   */
  public V2Response parse(int status, @Nullable String location, byte[] body, @Nullable String contentType) {
    Objects.requireNonNull(body, "body");
    if (status == 301 || status == 302 || status == 303 || status == 307 || status == 308) {
      return location == null || location.isBlank()
          ? new V2Response.NotV2("HTTP " + status + " without a Location header")
          : new V2Response.Redirect(status, location.strip());
    }
    if (status != 200 && status != 400) {
      return new V2Response.NotV2("HTTP " + status + ": no Autodiscover v2 here");
    }
    if (body.length > MAX_BODY_BYTES) {
      return new V2Response.NotV2("body larger than " + MAX_BODY_BYTES + " bytes");
    }
    String problem = contentTypeProblem(contentType, body);
    if (problem != null) {
      return new V2Response.NotV2(problem);
    }
    JsonNode root;
    try {
      root = MAPPER.get().readTree(body);
    } catch (StreamConstraintsException e) {
      return new V2Response.NotV2("JSON exceeds a read limit: " + excerpt(e.getOriginalMessage()));
    } catch (IOException e) {
      String message = e instanceof JsonProcessingException j
          ? j.getOriginalMessage() : e.getMessage();
      return new V2Response.NotV2("malformed JSON: " + excerpt(message == null ? e.toString() : message));
    }
    if (root == null || !root.isObject()) {
      return new V2Response.NotV2("JSON body is not an object");
    }
    JsonNode errorCode = field(root, "ErrorCode");
    if (errorCode != null) {
      if (!errorCode.isTextual() || errorCode.textValue().isBlank()) {
        return new V2Response.NotV2("ErrorCode is not a non-empty string");
      }
      JsonNode message = field(root, "ErrorMessage");
      if (message != null && !message.isTextual() && !message.isNull()) {
        return new V2Response.NotV2("ErrorMessage is not a string");
      }
      String code = errorCode.textValue().strip();
      String text = message == null || message.isNull() ? "" : message.textValue().strip();
      return new V2Response.Error(V2Response.Error.Code.of(code), code, text, status);
    }
    if (status == 400) {
      return new V2Response.NotV2("HTTP 400 without an ErrorCode");
    }
    JsonNode protocol = field(root, "Protocol");
    JsonNode url = field(root, "Url");
    if (protocol == null || url == null) {
      return new V2Response.NotV2("JSON has no " + (protocol == null ? "Protocol" : "Url"));
    }
    if (!protocol.isTextual() || protocol.textValue().isBlank()) {
      return new V2Response.NotV2("Protocol is not a non-empty string");
    }
    if (!url.isTextual()) {
      return new V2Response.NotV2("Url is not a string");
    }
    URI uri;
    try {
      uri = new URI(url.textValue().strip());
    } catch (URISyntaxException e) {
      return new V2Response.NotV2("Url is not a URI: " + excerpt(withoutUserInfo(url.textValue())));
    }
    String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
    if (!uri.isAbsolute() || uri.getHost() == null || !(scheme.equals("https") || scheme.equals("http"))) {
      return new V2Response.NotV2("Url is not an absolute http(s) URL: " + excerpt(withoutUserInfo(url.textValue())));
    }
    return new V2Response.Endpoint(protocol.textValue().strip(), uri);
  }

  /** Only JSON is read; without a content type, only a body that starts with an object. */
  private static @Nullable String contentTypeProblem(@Nullable String contentType, byte[] body) {
    if (contentType == null || contentType.isBlank()) {
      for (byte b : body) {
        if (b == '{') {
          return null;
        }
        if (b != ' ' && b != '\t' && b != '\r' && b != '\n') {
          break;
        }
      }
      return "no content type and the body does not start with '{'";
    }
    int semicolon = contentType.indexOf(';');
    String mediaType = (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip()
        .toLowerCase(Locale.ROOT);
    if (mediaType.equals("application/json") || mediaType.equals("text/json")) {
      return null;
    }
    return "content type " + excerpt(mediaType.isEmpty() ? contentType : mediaType) + " is not JSON";
  }

  /** A property by name: exact match first, else ignoring case (servers differ in spelling). */
  private static @Nullable JsonNode field(JsonNode object, String name) {
    JsonNode exact = object.get(name);
    if (exact != null) {
      return exact;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }

  /** Hides anything between {@code //} and {@code @}: a URL's user info may hold a password. */
  private static String withoutUserInfo(String url) {
    return url.replaceAll("//[^@]*@", "//***@");
  }

  private static String excerpt(String text) {
    String oneLine = text.replaceAll("\\s+", " ").strip();
    return oneLine.length() <= MAX_REASON ? oneLine : oneLine.substring(0, MAX_REASON) + "...";
  }

  /**
   * Reads the top-level string fields of a JSON object under the same limits (for Microsoft's anonymous
   * discovery documents, such as a tenant's OpenID configuration); other fields are skipped.
   *
   * @param body the body as received
   * @return the string fields, or empty when the body is not a JSON object within the limits
   */
  public java.util.Optional<java.util.Map<String, String>> stringFields(byte[] body) {
    java.util.Objects.requireNonNull(body, "body");
    if (body.length > MAX_BODY_BYTES) {
      return java.util.Optional.empty();
    }
    try {
      com.fasterxml.jackson.databind.JsonNode node = MAPPER.get().readTree(body);
      if (node == null || !node.isObject()) {
        return java.util.Optional.empty();
      }
      java.util.Map<String, String> fields = new java.util.LinkedHashMap<>();
      node.fields().forEachRemaining(e -> {
        if (e.getValue().isTextual()) {
          fields.put(e.getKey(), e.getValue().asText());
        }
      });
      return java.util.Optional.of(java.util.Map.copyOf(fields));
    } catch (java.io.IOException | RuntimeException e) {
      return java.util.Optional.empty();
    }
  }
}
