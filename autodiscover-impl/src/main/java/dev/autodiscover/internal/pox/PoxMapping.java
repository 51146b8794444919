package dev.autodiscover.internal.pox;

import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.MailboxUser;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.access.ApiAccess;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.xml.XmlBody;
import dev.autodiscover.internal.xml.XmlElement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import org.jspecify.annotations.Nullable;

/**
 * Turns the element tree of an answer into a {@link PoxResponse}.
 *
 * <p>The two response namespaces ({@link PoxCodec#RESPONSE_NS}, {@link PoxCodec#OUTLOOK_RESPONSE_NS}) count as
 * one; only elements in them are recognised as {@code Response}, {@code Account}, {@code Action}, {@code Error}
 * and so on, while elements in any other namespace are kept in the element maps but never recognised. Where a
 * block may appear once ({@code Response}, {@code User}, {@code Account}, {@code Error}, and the texts of an
 * {@code Error} and of {@code PublicFolderInformation/SmtpAddress}) the last one counts; {@code Action},
 * {@code RedirectAddr}, {@code RedirectUrl} and a protocol's {@code Type} element are the first one without
 * child elements. Such a single text is the text after the element's last child element, if it has any.
 *
 * <p>Element maps follow the key scheme of {@link ProtocolSettings}: simple children by local name, children
 * of nested blocks by slash path ({@code Internal/OWAUrl}), attributes by {@code @name} after their
 * element's key ({@code @Version}, {@code Internal/OWAUrl@AuthenticationMethod}). A key that repeats gets an
 * XPath-style position from the second occurrence on ({@code Internal/OWAUrl[2]}), so nothing is
 * overwritten. Texts are trimmed. The attributes of a {@code Protocol} element come in document order, without
 * those in the XML Schema instance namespace ({@code xsi:type}, ...), and an attribute in one response namespace
 * replaces the value of an earlier one of the same local name in the other; the attributes of the elements below
 * come in the order of their qualified names, and there such a pair leaves only the later attribute. (Both as the JAXB mapping
 * this replaces did, so that every answer maps as before.)
 *
 * <p>Stateless and thread-safe.
 */
final class PoxMapping {
  private static final Comparator<XmlElement.Attribute> BY_QUALIFIED_NAME =
      Comparator.comparing(XmlElement.Attribute::qualifiedName);

  private PoxMapping() {}

  /**
   * Maps a parsed answer.
   *
   * @param root the {@code Autodiscover} root element
   * @param responseXml the answer's text, kept in the settings
   * @return settings, a redirect or an error
   * @throws NotAutodiscoverException if the answer lacks a block it needs or names an unknown Action
   */
  static PoxResponse toResponse(XmlElement root, String responseXml) throws NotAutodiscoverException {
    XmlElement response = last(root, "Response");
    if (response == null) {
      throw new NotAutodiscoverException("Autodiscover has no Response in a known response namespace");
    }
    XmlElement responseError = last(response, "Error");
    if (responseError != null) {
      return error(responseError);
    }
    XmlElement account = last(response, "Account");
    if (account == null) {
      throw new NotAutodiscoverException("Response has neither Account nor Error");
    }
    XmlElement accountError = last(account, "Error");
    if (accountError != null) {
      return error(accountError);
    }
    List<XmlElement> other = new ArrayList<>();
    for (XmlElement child : account.children()) {
      if (!isTypedAccountChild(child)) {
        other.add(child);
      }
    }
    @Nullable String action = firstSimpleText(other, "Action");
    if (action == null || action.isEmpty()) {
      // Tolerated: Protocol blocks without an Action still make a settings answer.
      if (all(account, "Protocol").isEmpty()) {
        throw new NotAutodiscoverException("Account has no Action");
      }
      return settings(response, account, other, responseXml);
    }
    switch (action.toLowerCase(Locale.ROOT)) {
      case "settings":
        return settings(response, account, other, responseXml);
      case "redirectaddr": {
        String target = firstSimpleText(other, "RedirectAddr");
        if (target == null || target.isEmpty()) {
          throw new NotAutodiscoverException("Action redirectAddr without a RedirectAddr");
        }
        return new PoxResponse.RedirectAddress(target);
      }
      case "redirecturl": {
        String target = firstSimpleText(other, "RedirectUrl");
        if (target == null || target.isEmpty()) {
          throw new NotAutodiscoverException("Action redirectUrl without a RedirectUrl");
        }
        return new PoxResponse.RedirectUrl(target);
      }
      default:
        throw new NotAutodiscoverException(
            "Action '" + XmlBody.excerpt(action, 60) + "' is not settings, redirectAddr or redirectUrl");
    }
  }

  /** Protocol, AlternativeMailbox, PublicFolderInformation and Error are blocks of their own, not account elements. */
  private static boolean isTypedAccountChild(XmlElement child) {
    if (!isResponseNamespace(child.namespace())) {
      return false;
    }
    return switch (child.localName()) {
      case "Protocol", "AlternativeMailbox", "PublicFolderInformation", "Error" -> true;
      default -> false;
    };
  }

  private static PoxResponse.Error error(XmlElement e) {
    String code = blankToNull(lastText(e, "ErrorCode"));
    Integer number = null;
    if (code != null) {
      try {
        number = Integer.valueOf(code);
      } catch (NumberFormatException ignored) {
        // not a number: reported as null, the message still says what happened
      }
    }
    return new PoxResponse.Error(number, blankToNull(lastText(e, "Message")), blankToNull(lastText(e, "DebugData")),
        blankToNull(e.attribute("", "Time")), blankToNull(e.attribute("", "Id")));
  }

  private static PoxResponse.Settings settings(XmlElement response, XmlElement account, List<XmlElement> other,
      String responseXml) {
    XmlElement userElement = last(response, "User");
    MailboxUser user = ApiAccess.get().mailboxUser(userElement == null ? Map.of() : flatten(userElement.children()));

    Flattener accountElements = new Flattener();
    for (XmlElement child : other) {
      if (child.children().isEmpty()) {
        accountElements.put(child.localName(), text(child));
      }
    }

    List<ProtocolSettings> protocols = new ArrayList<>();
    for (XmlElement p : all(account, "Protocol")) {
      protocols.add(protocol(p));
    }

    List<AlternativeMailbox> alternatives = new ArrayList<>();
    for (XmlElement mailbox : all(account, "AlternativeMailbox")) {
      alternatives.add(ApiAccess.get().alternativeMailbox(flatten(mailbox.children())));
    }

    String publicFolder = null;
    for (XmlElement info : all(account, "PublicFolderInformation")) {
      publicFolder = blankToNull(lastText(info, "SmtpAddress"));
      if (publicFolder != null) {
        break;
      }
    }

    return new PoxResponse.Settings(
        ApiAccess.get().mailboxSettings(user, accountElements.elements, protocols, alternatives, publicFolder,
            responseXml));
  }

  private static ProtocolSettings protocol(XmlElement p) {
    // Keyed by namespace and local name, the response namespaces counting as one (see the class comment).
    Map<String, String> attributes = new LinkedHashMap<>();
    Map<String, String> localNames = new LinkedHashMap<>();
    String typeAttribute = null;
    for (XmlElement.Attribute a : p.attributes()) {
      if (a.namespace().equals(XMLConstants.W3C_XML_SCHEMA_INSTANCE_NS_URI)) {
        continue; // xsi:type, xsi:nil, ...: hints to a schema processor, not settings
      }
      String namespace = isResponseNamespace(a.namespace()) ? PoxCodec.RESPONSE_NS : a.namespace();
      String key = namespace + " " + a.localName();
      attributes.put(key, a.value().strip());
      localNames.putIfAbsent(key, a.localName());
      if (a.namespace().isEmpty() && a.localName().equals("Type")) {
        typeAttribute = a.value().strip();
      }
    }
    Flattener flattener = new Flattener();
    for (Map.Entry<String, String> a : attributes.entrySet()) {
      flattener.put("@" + localNames.get(a.getKey()), a.getValue());
    }
    flattener.add("", p.children());
    String typeElement = firstSimpleText(p.children(), "Type");
    String type = typeElement != null && !typeElement.isEmpty() ? typeElement
        : typeAttribute != null ? typeAttribute : "";
    return ApiAccess.get().protocolSettings(type, flattener.elements);
  }

  /** Flattens children into a fresh map; see the class comment for the keys. */
  static Map<String, String> flatten(List<XmlElement> children) {
    return new Flattener().add("", children).elements;
  }

  /** Collects keys and values; remembers the keys of complex elements too, so that paths stay unique. */
  private static final class Flattener {
    final Map<String, String> elements = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    Flattener add(String prefix, List<XmlElement> children) {
      for (XmlElement child : children) {
        add(prefix, child);
      }
      return this;
    }

    /** Stores a value under a unique form of the key. */
    void put(String key, String value) {
      elements.put(unique(key), value);
    }

    private void add(String prefix, XmlElement element) {
      boolean simple = element.children().isEmpty();
      String key = unique(prefix + element.localName());
      if (simple) {
        elements.put(key, text(element));
      }
      for (XmlElement.Attribute attribute : nestedAttributes(element)) {
        put(key + "@" + attribute.localName(), attribute.value().strip());
      }
      if (!simple) {
        add(key + "/", element.children());
      }
    }

    /** Returns the key, or from its second use on the key with an XPath-style position ({@code [2]}, ...). */
    private String unique(String key) {
      if (used.add(key)) {
        return key;
      }
      int n = 2;
      while (!used.add(key + "[" + n + "]")) {
        n++;
      }
      return key + "[" + n + "]";
    }
  }

  /**
   * The attributes of an element below {@code Protocol}, {@code User} or {@code AlternativeMailbox}: of those with
   * the same local name in the response namespaces only the last, and all in the order of their qualified names.
   */
  private static List<XmlElement.Attribute> nestedAttributes(XmlElement element) {
    List<XmlElement.Attribute> attributes = element.attributes();
    if (attributes.size() <= 1) {
      return attributes;
    }
    List<XmlElement.Attribute> kept = new ArrayList<>(attributes.size());
    for (int i = 0; i < attributes.size(); i++) {
      XmlElement.Attribute a = attributes.get(i);
      if (!isResponseNamespace(a.namespace()) || !hasLaterResponseAttribute(attributes, i)) {
        kept.add(a);
      }
    }
    kept.sort(BY_QUALIFIED_NAME);
    return kept;
  }

  private static boolean hasLaterResponseAttribute(List<XmlElement.Attribute> attributes, int index) {
    String localName = attributes.get(index).localName();
    for (int j = index + 1; j < attributes.size(); j++) {
      if (attributes.get(j).localName().equals(localName) && isResponseNamespace(attributes.get(j).namespace())) {
        return true;
      }
    }
    return false;
  }

  private static boolean isResponseNamespace(String namespace) {
    return namespace.equals(PoxCodec.OUTLOOK_RESPONSE_NS) || namespace.equals(PoxCodec.RESPONSE_NS);
  }

  private static boolean is(XmlElement element, String localName) {
    return element.localName().equals(localName) && isResponseNamespace(element.namespace());
  }

  /** The last child in a response namespace with this local name, or null. */
  private static @Nullable XmlElement last(XmlElement parent, String localName) {
    List<XmlElement> children = parent.children();
    for (int i = children.size() - 1; i >= 0; i--) {
      if (is(children.get(i), localName)) {
        return children.get(i);
      }
    }
    return null;
  }

  /** Every child in a response namespace with this local name, in document order. */
  private static List<XmlElement> all(XmlElement parent, String localName) {
    List<XmlElement> found = new ArrayList<>();
    for (XmlElement child : parent.children()) {
      if (is(child, localName)) {
        found.add(child);
      }
    }
    return found;
  }

  /** The trailing text of the last such child (see the class comment), not trimmed; null when there is none. */
  private static @Nullable String lastText(XmlElement parent, String localName) {
    XmlElement child = last(parent, localName);
    return child == null ? null : child.trailingText();
  }

  /** Text of the first child without child elements in a response namespace with this name, trimmed; or null. */
  private static @Nullable String firstSimpleText(List<XmlElement> children, String localName) {
    for (XmlElement child : children) {
      if (is(child, localName) && child.children().isEmpty()) {
        return text(child);
      }
    }
    return null;
  }

  private static String text(XmlElement element) {
    return element.text().strip();
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
