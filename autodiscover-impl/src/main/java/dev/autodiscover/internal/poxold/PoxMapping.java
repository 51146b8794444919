package dev.autodiscover.internal.poxold;

import dev.autodiscover.AlternativeMailbox;
import dev.autodiscover.MailboxUser;
import dev.autodiscover.ProtocolSettings;
import dev.autodiscover.access.ApiAccess;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import dev.autodiscover.internal.xml.XmlBody;
import dev.autodiscover.internal.pox.PoxResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.xml.XMLConstants;
import javax.xml.namespace.QName;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.Attr;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * Turns the JAXB model into a {@link PoxResponse}.
 *
 * <p>Element maps follow the key scheme of {@link ProtocolSettings}: simple children by local name, children
 * of nested blocks by slash path ({@code Internal/OWAUrl}), attributes by {@code @name} after their
 * element's key ({@code @Version}, {@code Internal/OWAUrl@AuthenticationMethod}). A key that repeats gets an
 * XPath-style position from the second occurrence on ({@code Internal/OWAUrl[2]}), so nothing is
 * overwritten. Texts are trimmed.
 */
final class PoxMapping {
  private PoxMapping() {}

  static PoxResponse toResponse(PoxModel.Root root, String responseXml) throws NotAutodiscoverException {
    PoxModel.Response response = root.response;
    if (response == null) {
      throw new NotAutodiscoverException("Autodiscover has no Response in a known response namespace");
    }
    if (response.error != null) {
      return error(response.error);
    }
    PoxModel.Account account = response.account;
    if (account == null) {
      throw new NotAutodiscoverException("Response has neither Account nor Error");
    }
    if (account.error != null) {
      return error(account.error);
    }
    @Nullable String action = modelChildText(account.other, "Action");
    if (action == null || action.isEmpty()) {
      // Tolerated: Protocol blocks without an Action still make a settings answer.
      if (account.protocols.isEmpty()) {
        throw new NotAutodiscoverException("Account has no Action");
      }
      return settings(response, account, responseXml);
    }
    switch (action.toLowerCase(Locale.ROOT)) {
      case "settings":
        return settings(response, account, responseXml);
      case "redirectaddr": {
        String target = modelChildText(account.other, "RedirectAddr");
        if (target == null || target.isEmpty()) {
          throw new NotAutodiscoverException("Action redirectAddr without a RedirectAddr");
        }
        return new PoxResponse.RedirectAddress(target);
      }
      case "redirecturl": {
        String target = modelChildText(account.other, "RedirectUrl");
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

  private static PoxResponse.Error error(PoxModel.Error e) {
    String code = blankToNull(e.errorCode);
    Integer number = null;
    if (code != null) {
      try {
        number = Integer.valueOf(code);
      } catch (NumberFormatException ignored) {
        // not a number: reported as null, the message still says what happened
      }
    }
    return new PoxResponse.Error(number, blankToNull(e.message), blankToNull(e.debugData), blankToNull(e.time),
        blankToNull(e.id));
  }

  private static PoxResponse.Settings settings(PoxModel.Response response, PoxModel.Account account,
      String responseXml) {
    MailboxUser user = ApiAccess.get().mailboxUser(response.user == null ? Map.of() : flatten(response.user.children));

    Flattener accountElements = new Flattener();
    for (Element child : account.other) {
      if (isSimple(child)) {
        accountElements.put(XmlBody.localName(child), text(child));
      }
    }

    List<ProtocolSettings> protocols = new ArrayList<>();
    for (PoxModel.Protocol p : account.protocols) {
      protocols.add(protocol(p));
    }

    List<AlternativeMailbox> alternatives = new ArrayList<>();
    for (PoxModel.Children mailbox : account.alternativeMailboxes) {
      alternatives.add(ApiAccess.get().alternativeMailbox(flatten(mailbox.children)));
    }

    String publicFolder = null;
    for (PoxModel.PublicFolderInformation info : account.publicFolderInformation) {
      publicFolder = blankToNull(info.smtpAddress);
      if (publicFolder != null) {
        break;
      }
    }

    return new PoxResponse.Settings(
        ApiAccess.get().mailboxSettings(user, accountElements.elements, protocols, alternatives, publicFolder,
            responseXml));
  }

  private static ProtocolSettings protocol(PoxModel.Protocol p) {
    Flattener flattener = new Flattener();
    String typeAttribute = null;
    for (Map.Entry<QName, String> a : p.attributes.entrySet()) {
      QName name = a.getKey();
      if (XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(name.getNamespaceURI())) {
        continue;
      }
      String value = a.getValue().strip();
      flattener.put("@" + name.getLocalPart(), value);
      if (typeAttribute == null && name.getNamespaceURI().isEmpty() && name.getLocalPart().equals("Type")) {
        typeAttribute = value;
      }
    }
    flattener.add("", p.children);
    String typeElement = modelChildText(p.children, "Type");
    String type = typeElement != null && !typeElement.isEmpty() ? typeElement
        : typeAttribute != null ? typeAttribute : "";
    return ApiAccess.get().protocolSettings(type, flattener.elements);
  }

  /** Flattens children into a fresh map; see the class comment for the keys. */
  static Map<String, String> flatten(List<Element> children) {
    return new Flattener().add("", children).elements;
  }

  /** Collects keys and values; remembers the keys of complex elements too, so that paths stay unique. */
  private static final class Flattener {
    final Map<String, String> elements = new LinkedHashMap<>();
    private final Set<String> used = new HashSet<>();

    Flattener add(String prefix, List<Element> children) {
      for (Element child : children) {
        add(prefix, child);
      }
      return this;
    }

    /** Stores a value under a unique form of the key. */
    void put(String key, String value) {
      elements.put(unique(key), value);
    }

    private void add(String prefix, Element element) {
      boolean simple = isSimple(element);
      String key = unique(prefix + XmlBody.localName(element));
      if (simple) {
        elements.put(key, text(element));
      }
      NamedNodeMap attributes = element.getAttributes();
      for (int i = 0; i < attributes.getLength(); i++) {
        Attr attribute = (Attr) attributes.item(i);
        if (!isNamespaceDeclaration(attribute)) {
          put(key + "@" + XmlBody.localName(attribute), attribute.getValue().strip());
        }
      }
      if (!simple) {
        for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
          if (n instanceof Element child) {
            add(key + "/", child);
          }
        }
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

  /** Text of the first simple child in the model namespace with this local name, trimmed; null when absent. */
  private static @Nullable String modelChildText(List<Element> children, String name) {
    for (Element child : children) {
      if (PoxModel.MODEL_NS.equals(child.getNamespaceURI()) && name.equals(XmlBody.localName(child))
          && isSimple(child)) {
        return text(child);
      }
    }
    return null;
  }

  private static boolean isSimple(Element element) {
    for (Node n = element.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n.getNodeType() == Node.ELEMENT_NODE) {
        return false;
      }
    }
    return true;
  }

  private static String text(Element element) {
    return element.getTextContent().strip();
  }


  private static boolean isNamespaceDeclaration(Attr attribute) {
    return XMLConstants.XMLNS_ATTRIBUTE_NS_URI.equals(attribute.getNamespaceURI())
        || attribute.getName().equals("xmlns") || attribute.getName().startsWith("xmlns:");
  }

  private static @Nullable String blankToNull(@Nullable String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
