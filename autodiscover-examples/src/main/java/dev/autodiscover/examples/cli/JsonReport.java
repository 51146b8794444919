package dev.autodiscover.examples.cli;

import java.util.Map;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.EwsUrl;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.ProtocolSettings;

/**
 * Renders the outcome of {@code resolve --json} as one JSON object:
 *
 * <pre>{@code
 * {"email": "...", "ok": true|false, "ewsUrl": "..."|null, "ewsUrlOutsideTrustedDomains": true|false (on success),
 *  "settings": {...}|null,
 *  "error": {"type": "...", "message": "..."}|null, "trace": [...]}
 * }</pre>
 *
 * <p>{@code trace} is the engine's {@link AttemptTrace#toJson()} array, embedded as JSON. The settings never
 * include the raw response XML; nothing rendered here contains a secret. Values keep the server's text; the
 * output escapes control, line-separator and bidi characters ({@link SafeJson}).
 */
public final class JsonReport {
  private static final ObjectMapper MAPPER = SafeJson.mapper().enable(SerializationFeature.INDENT_OUTPUT);
  private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  private JsonReport() {}

  /**
   * Renders a successful run.
   *
   * @param email the address as typed
   * @param result the result
   * @return the JSON text
   */
  public static String success(String email, AutodiscoverResult result) {
    ObjectNode root = envelope(email, true);
    root.put("ewsUrl", result.ewsUrl().map(u -> u.uri().toString()).orElse(null));
    root.put("ewsUrlOutsideTrustedDomains", result.ewsUrlOutsideTrustedDomains());
    root.set("settings", settings(result));
    root.putNull("error");
    root.set("trace", trace(result.trace()));
    return write(root);
  }

  /**
   * Renders a failed run.
   *
   * @param email the address as typed, or null when none was given
   * @param exitCode the classification of the failure
   * @param failure what went wrong
   * @return the JSON text
   */
  public static String failure(String email, ExitCode exitCode, Throwable failure) {
    ObjectNode root = envelope(email, false);
    root.putNull("ewsUrl");
    root.putNull("settings");
    ObjectNode error = root.putObject("error");
    error.put("type", exitCode.errorType());
    error.put("exception", failure.getClass().getSimpleName());
    error.put("message", String.valueOf(failure.getMessage()));
    if (failure instanceof AutodiscoverErrorResponseException e) {
      error.put("errorCode", e.errorCode());
      error.put("serverMessage", e.serverMessage().orElse(null));
      error.put("endpoint", e.endpoint().toString());
      e.soapErrorCode().ifPresent(code -> error.put("soapErrorCode", code));
    }
    if (failure instanceof AutodiscoverRedirectException e) {
      error.put("reason", e.reason().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
      ArrayNode chain = error.putArray("chain");
      e.chain().forEach(chain::add);
    }
    root.set("trace", failure instanceof AutodiscoverException ae ? trace(ae.trace()) : NODES.arrayNode());
    return write(root);
  }

  static ObjectNode envelope(String email, boolean ok) {
    ObjectNode root = NODES.objectNode();
    root.put("email", email);
    root.put("ok", ok);
    return root;
  }

  private static ObjectNode settings(AutodiscoverResult result) {
    MailboxSettings s = result.settings();
    ObjectNode node = NODES.objectNode();
    node.put("displayName", s.user().displayName().orElse(null));
    node.put("requestedAddress", result.requestedAddress().toString());
    node.put("finalAddress", result.finalAddress().toString());
    node.put("endpoint", result.endpoint().toString());
    node.put("method", result.method().name());
    node.put("protocol", result.protocol().name());
    node.put("v2Url", result.v2Url().map(java.net.URI::toString).orElse(null));
    node.put("elapsedMs", result.elapsed().toMillis());
    node.set("ewsUrl", ewsUrl(s.ewsUrl().orElse(null)));
    node.put("internalEwsUrl", s.internalEwsUrl().map(u -> u.uri().toString()).orElse(null));
    node.put("externalEwsUrl", s.externalEwsUrl().map(u -> u.uri().toString()).orElse(null));
    node.put("accountType", s.accountType().orElse(null));
    node.put("action", s.action().orElse(null));
    if (s.microsoftOnline().isPresent()) {
      node.put("microsoftOnline", s.microsoftOnline().get());
    } else {
      node.putNull("microsoftOnline");
    }
    node.set("user", map(s.user().elements()));
    node.set("userSettings", map(result.userSettings().raw()));
    ArrayNode protocols = node.putArray("protocols");
    for (ProtocolSettings p : s.protocols()) {
      ObjectNode pn = protocols.addObject();
      pn.put("type", p.type());
      pn.set("elements", map(p.elements()));
    }
    ArrayNode alternatives = node.putArray("alternativeMailboxes");
    for (AlternativeMailbox a : s.alternativeMailboxes()) {
      alternatives.addObject().set("elements", map(a.elements()));
    }
    node.put("publicFolderSmtpAddress", s.publicFolderSmtpAddress().orElse(null));
    return node;
  }

  private static JsonNode ewsUrl(EwsUrl url) {
    if (url == null) {
      return NODES.nullNode();
    }
    ObjectNode node = NODES.objectNode();
    node.put("uri", url.uri().toString());
    node.put("location", url.location().name());
    node.put("protocolType", url.protocolType());
    return node;
  }

  private static ObjectNode map(Map<String, String> elements) {
    ObjectNode node = NODES.objectNode();
    elements.forEach(node::put);
    return node;
  }

  /**
   * Parses the engine's JSON trace so it is embedded as an array, not as a string. An empty trace needs no
   * engine. Should the engine's text not be a JSON array, the attempts are rendered here from the API's
   * accessors instead, so {@code trace} is always an array.
   */
  static ArrayNode trace(AttemptTrace trace) {
    if (trace.attempts().isEmpty()) {
      return NODES.arrayNode();
    }
    try {
      JsonNode node = MAPPER.readTree(trace.toJson());
      if (node != null && node.isArray()) {
        return (ArrayNode) node;
      }
    } catch (JsonProcessingException | RuntimeException e) {
      // fall back below
    }
    ArrayNode array = NODES.arrayNode();
    for (Attempt a : trace.attempts()) {
      ObjectNode n = array.addObject();
      n.put("method", a.method().name());
      n.put("outcome", a.outcome().code());
      n.put("round", a.round());
      n.put("address", a.address().map(Object::toString).orElse(null));
      n.put("url", a.url().map(Object::toString).orElse(null));
      n.put("httpMethod", a.httpMethod().orElse(null));
      if (a.httpStatus().isPresent()) {
        n.put("httpStatus", a.httpStatus().getAsInt());
      }
      n.put("detail", a.detail().orElse(null));
      n.put("redirectTarget", a.redirectTarget().orElse(null));
      a.errorCode().ifPresent(code -> n.put("errorCode", code));
      n.put("startMillis", a.startOffset().toMillis());
      n.put("durationMillis", a.duration().toMillis());
    }
    return array;
  }

  static String write(ObjectNode root) {
    try {
      return MAPPER.writeValueAsString(root);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot render JSON", e);
    }
  }

  /**
   * Renders a usage error (no trace).
   *
   * @param email the address if one was given, else null
   * @param message what is wrong
   * @return the JSON text
   */
  static String usage(String email, String message) {
    ObjectNode root = envelope(email, false);
    root.putNull("ewsUrl");
    root.putNull("settings");
    ObjectNode error = root.putObject("error");
    error.put("type", ExitCode.USAGE.errorType());
    error.put("message", message);
    root.putArray("trace");
    return write(root);
  }
}
