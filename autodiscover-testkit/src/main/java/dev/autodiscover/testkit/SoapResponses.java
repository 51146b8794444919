package dev.autodiscover.testkit;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;
import org.w3c.dom.NodeList;

/**
 * Builders of SOAP Autodiscover {@code GetUserSettings} and {@code GetDomainSettings} answers
 * ({@code autodiscover.svc}, protocol.md §4.3, §4.5, §4.7, §4.9.2) and of the HTTP responses that carry them,
 * plus readers for the mailboxes or domains a request asks about, for dispatchers that answer per entry.
 *
 * <p>An answer is assembled from per-user fragments, in request order:
 *
 * <pre>{@code
 * String body = SoapResponses.userResponses(
 *     SoapResponses.userSettings("Jan Novak", "jan@contoso.com", "https://mail.contoso.com/EWS/Exchange.asmx", null),
 *     SoapResponses.redirectAddress("mia@contoso.mail.onmicrosoft.com"),
 *     SoapResponses.userError("InvalidUser", "The user is not found."));
 * server.enqueue(SoapResponses.xml(body));
 * }</pre>
 *
 * <p>Documents use the real namespaces (SOAP 1.1 envelope, WS-Addressing, the Autodiscover namespace
 * {@value #AUTODISCOVER_NS} as default namespace of the message), an Exchange 2016-style
 * {@code ServerVersionInfo} header, and XML-escaped text. Output is deterministic. Stateless and thread-safe.
 */
public final class SoapResponses {
  /** The Autodiscover SOAP namespace. */
  public static final String AUTODISCOVER_NS = "http://schemas.microsoft.com/exchange/2010/Autodiscover";
  /** The SOAP 1.1 envelope namespace. */
  public static final String SOAP_NS = "http://schemas.xmlsoap.org/soap/envelope/";

  private static final String USER_MESSAGE = "GetUserSettingsResponseMessage";
  private static final String DOMAIN_MESSAGE = "GetDomainSettingsResponseMessage";
  private static final String DEPLOYMENT_ID = "2f6c1d4e-8a37-4b90-95e2-7c1a0d3b6e58";
  private static final String SCHEMAS = "Exchange2007, Exchange2007_SP1, Exchange2010, Exchange2010_SP1, "
      + "Exchange2010_SP2, Exchange2013, Exchange2013_SP1";

  private SoapResponses() {}

  /**
   * Returns a {@code UserResponse} with {@code ErrorCode NoError} and the settings a batch asks for by default:
   * display name, user DN, deployment id, EWS URLs, supported schemas and CAS version. A null URL leaves its
   * setting out and adds a {@code SettingIsNotAvailable} setting error for it instead.
   *
   * @param displayName the {@code UserDisplayName}
   * @param email the mailbox; its local part names the user DN
   * @param externalEwsUrl the {@code ExternalEwsUrl}, or null
   * @param internalEwsUrl the {@code InternalEwsUrl}, or null
   * @return the fragment, for {@link #userResponses(String...)}
   * @throws NullPointerException if {@code displayName} or {@code email} is null
   * @throws IllegalArgumentException if {@code email} has no {@code @} or a URL is not absolute
   */
  public static String userSettings(String displayName, String email, @Nullable String externalEwsUrl,
      @Nullable String internalEwsUrl) {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(email, "email");
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1) {
      throw new IllegalArgumentException("not an e-mail address: \"" + email + "\"");
    }
    checkAbsolute(externalEwsUrl);
    checkAbsolute(internalEwsUrl);
    StringBuilder errors = new StringBuilder();
    StringBuilder settings = new StringBuilder();
    stringSetting(settings, "UserDisplayName", displayName);
    stringSetting(settings, "UserDN", "/o=ExchangeLabs/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)/cn=Recipients/cn="
        + email.substring(0, at));
    stringSetting(settings, "UserDeploymentId", DEPLOYMENT_ID);
    for (String[] url : new String[][] {{"ExternalEwsUrl", externalEwsUrl}, {"InternalEwsUrl", internalEwsUrl}}) {
      if (url[1] == null) {
        errors.append("          <UserSettingError><ErrorCode>SettingIsNotAvailable</ErrorCode><ErrorMessage>User setting '")
            .append(url[0]).append("' is not available.</ErrorMessage><SettingName>").append(url[0])
            .append("</SettingName></UserSettingError>\n");
      } else {
        stringSetting(settings, url[0], url[1]);
      }
    }
    stringSetting(settings, "EwsSupportedSchemas", SCHEMAS);
    stringSetting(settings, "CasVersion", "15.1.2507.6");
    return "      <UserResponse>\n        <ErrorCode>NoError</ErrorCode>\n        <ErrorMessage>No error.</ErrorMessage>\n"
        + "        <RedirectTarget i:nil=\"true\"/>\n        <UserSettingErrors>\n" + errors
        + "        </UserSettingErrors>\n        <UserSettings>\n" + settings + "        </UserSettings>\n"
        + "      </UserResponse>\n";
  }

  /**
   * Returns a {@code UserResponse} with {@code ErrorCode RedirectAddress}: discovery should restart for
   * {@code address}.
   *
   * @param address the {@code RedirectTarget}; not validated, so tests can offer bad targets
   * @return the fragment
   * @throws NullPointerException if {@code address} is null
   */
  public static String redirectAddress(String address) {
    return userResult("RedirectAddress", "Redirection address.", Objects.requireNonNull(address, "address"));
  }

  /**
   * Returns a {@code UserResponse} with {@code ErrorCode RedirectUrl}: the user should be asked for at
   * {@code url}.
   *
   * @param url the {@code RedirectTarget}; not validated, so tests can offer bad targets
   * @return the fragment
   * @throws NullPointerException if {@code url} is null
   */
  public static String redirectUrl(String url) {
    return userResult("RedirectUrl", "Redirection URL.", Objects.requireNonNull(url, "url"));
  }

  /**
   * Returns a {@code UserResponse} with a per-user error such as {@code InvalidUser}.
   *
   * @param errorCode the {@code ErrorCode}; not checked
   * @param message the {@code ErrorMessage}
   * @return the fragment
   * @throws NullPointerException if an argument is null
   */
  public static String userError(String errorCode, String message) {
    return userResult(Objects.requireNonNull(errorCode, "errorCode"), Objects.requireNonNull(message, "message"), null);
  }

  /**
   * Returns a whole {@code GetUserSettings} answer with {@code Response/ErrorCode NoError} and these user
   * responses, in order.
   *
   * @param userResponses fragments from {@link #userSettings}, {@link #redirectAddress}, {@link #redirectUrl}
   *     or {@link #userError}; may be fewer than the users asked for, as throttled servers do
   * @return the envelope
   * @throws NullPointerException if the array or an element is null
   */
  public static String userResponses(String... userResponses) {
    StringBuilder all = new StringBuilder();
    for (String r : userResponses) {
      all.append(Objects.requireNonNull(r, "userResponses element"));
    }
    return envelope(USER_MESSAGE, "NoError", "", "    <UserResponses>\n" + all + "    </UserResponses>\n");
  }

  /**
   * Returns the same as {@link #userResponses(String...)} for a list.
   *
   * @param userResponses the fragments
   * @return the envelope
   * @throws NullPointerException if the list or an element is null
   */
  public static String userResponses(List<String> userResponses) {
    return userResponses(userResponses.toArray(String[]::new));
  }

  /**
   * Returns a {@code GetUserSettings} answer whose whole request failed ({@code ServerBusy},
   * {@code InvalidRequest}, {@code InternalServerError}, ...), with no user responses.
   *
   * @param errorCode the {@code Response/ErrorCode}; not checked
   * @param message the {@code Response/ErrorMessage}
   * @return the envelope
   * @throws NullPointerException if an argument is null
   */
  public static String responseError(String errorCode, String message) {
    return envelope(USER_MESSAGE, Objects.requireNonNull(errorCode, "errorCode"),
        Objects.requireNonNull(message, "message"), "");
  }

  /**
   * Returns a SOAP 1.1 fault envelope.
   *
   * @param code the local part of {@code faultcode}, for example {@code Client}
   * @param reason the {@code faultstring}
   * @return the envelope
   * @throws NullPointerException if an argument is null
   */
  public static String fault(String code, String reason) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<s:Envelope xmlns:s=\"" + SOAP_NS + "\">\n  <s:Body>\n"
        + "    <s:Fault>\n      <faultcode>s:" + XmlText.escape(Objects.requireNonNull(code, "code")) + "</faultcode>\n"
        + "      <faultstring xml:lang=\"en-US\">" + XmlText.escape(Objects.requireNonNull(reason, "reason"))
        + "</faultstring>\n    </s:Fault>\n  </s:Body>\n</s:Envelope>\n";
  }

  /**
   * Returns {@code 200 OK} with {@code Content-Type: text/xml; charset=utf-8} and {@code body} in UTF-8.
   *
   * @param body the envelope
   * @return the response
   * @throws NullPointerException if {@code body} is null
   */
  public static MockResponse xml(String body) {
    return new MockResponse.Builder().status("HTTP/1.1 200 OK")
        .setHeader("Content-Type", "text/xml; charset=utf-8").body(Objects.requireNonNull(body, "body")).build();
  }

  /**
   * Returns {@code 500 Internal Server Error} with a {@link #fault} body, as Exchange sends faults.
   *
   * @param code the fault code
   * @param reason the fault string
   * @return the response
   * @throws NullPointerException if an argument is null
   */
  public static MockResponse faultResponse(String code, String reason) {
    return new MockResponse.Builder().status("HTTP/1.1 500 Internal Server Error")
        .setHeader("Content-Type", "text/xml; charset=utf-8").body(fault(code, reason)).build();
  }

  // ---- GetDomainSettings (protocol.md §4.5) -----------------------------------------------------------------

  /**
   * Returns a {@code DomainResponse} with {@code ErrorCode NoError}, these settings as
   * {@code DomainStringSetting}s, and a {@code SettingIsNotAvailable} setting error for each name in
   * {@code notAvailable}.
   *
   * @param settings setting name ({@code ExternalEwsUrl}, {@code ExternalEwsVersion}) to value, in map order
   * @param notAvailable setting names the server has no value for
   * @return the fragment, for {@link #domainResponses(String...)}
   * @throws NullPointerException if an argument, key, value or element is null
   */
  public static String domainSettings(java.util.Map<String, String> settings, String... notAvailable) {
    Objects.requireNonNull(settings, "settings");
    StringBuilder errors = new StringBuilder();
    for (String name : notAvailable) {
      errors.append("          <DomainSettingError><ErrorCode>SettingIsNotAvailable</ErrorCode><ErrorMessage>")
          .append("Domain setting '").append(XmlText.escape(Objects.requireNonNull(name, "notAvailable element")))
          .append("' is not available.</ErrorMessage><SettingName>").append(XmlText.escape(name))
          .append("</SettingName></DomainSettingError>\n");
    }
    StringBuilder values = new StringBuilder();
    settings.forEach((name, value) -> values.append("          <DomainSetting i:type=\"DomainStringSetting\"><Name>")
        .append(XmlText.escape(Objects.requireNonNull(name, "settings key"))).append("</Name><Value>")
        .append(XmlText.escape(Objects.requireNonNull(value, "settings value"))).append("</Value></DomainSetting>\n"));
    return "      <DomainResponse>\n        <ErrorCode>NoError</ErrorCode>\n        <ErrorMessage>No error.</ErrorMessage>\n"
        + "        <DomainSettingErrors>\n" + errors + "        </DomainSettingErrors>\n"
        + "        <DomainSettings>\n" + values + "        </DomainSettings>\n"
        + "        <RedirectTarget i:nil=\"true\"/>\n      </DomainResponse>\n";
  }

  /**
   * Returns a {@code DomainResponse} with {@code ErrorCode RedirectUrl}: the domain should be asked for at
   * {@code url}.
   *
   * @param url the {@code RedirectTarget}; not validated, so tests can offer bad targets
   * @return the fragment
   * @throws NullPointerException if {@code url} is null
   */
  public static String domainRedirectUrl(String url) {
    return domainResult("RedirectUrl", "Redirection URL.", Objects.requireNonNull(url, "url"));
  }

  /**
   * Returns a {@code DomainResponse} with a per-domain error such as {@code InvalidDomain}.
   *
   * @param errorCode the {@code ErrorCode}; not checked
   * @param message the {@code ErrorMessage}
   * @return the fragment
   * @throws NullPointerException if an argument is null
   */
  public static String domainError(String errorCode, String message) {
    return domainResult(Objects.requireNonNull(errorCode, "errorCode"), Objects.requireNonNull(message, "message"),
        null);
  }

  /**
   * Returns a whole {@code GetDomainSettings} answer with {@code Response/ErrorCode NoError} and these domain
   * responses, in order.
   *
   * @param domainResponses fragments from {@link #domainSettings}, {@link #domainRedirectUrl} or
   *     {@link #domainError}
   * @return the envelope
   * @throws NullPointerException if the array or an element is null
   */
  public static String domainResponses(String... domainResponses) {
    StringBuilder all = new StringBuilder();
    for (String r : domainResponses) {
      all.append(Objects.requireNonNull(r, "domainResponses element"));
    }
    return envelope(DOMAIN_MESSAGE, "NoError", "", "    <DomainResponses>\n" + all + "    </DomainResponses>\n");
  }

  /**
   * Returns a {@code GetDomainSettings} answer whose whole request failed, with no domain responses.
   *
   * @param errorCode the {@code Response/ErrorCode}; not checked
   * @param message the {@code Response/ErrorMessage}
   * @return the envelope
   * @throws NullPointerException if an argument is null
   */
  public static String domainResponseError(String errorCode, String message) {
    return envelope(DOMAIN_MESSAGE, Objects.requireNonNull(errorCode, "errorCode"),
        Objects.requireNonNull(message, "message"), "");
  }

  /**
   * Reads the domains a {@code GetDomainSettings} request asks about, in request order.
   *
   * @param requestBody the request body in UTF-8
   * @return the {@code Domain} texts, trimmed
   * @throws NullPointerException if {@code requestBody} is null
   * @throws IllegalArgumentException if the body is not well-formed XML
   */
  public static List<String> requestedDomains(byte[] requestBody) {
    return texts(Objects.requireNonNull(requestBody, "requestBody"), "Domain");
  }

  /**
   * Reads the mailboxes a {@code GetUserSettings} request asks about, in request order.
   *
   * @param requestBody the request body in UTF-8
   * @return the {@code Mailbox} texts, trimmed
   * @throws NullPointerException if {@code requestBody} is null
   * @throws IllegalArgumentException if the body is not well-formed XML
   */
  public static List<String> requestedMailboxes(byte[] requestBody) {
    return texts(Objects.requireNonNull(requestBody, "requestBody"), "Mailbox");
  }

  private static List<String> texts(byte[] requestBody, String element) {
    try {
      DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
      factory.setNamespaceAware(true);
      factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
      factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
      NodeList nodes = factory.newDocumentBuilder().parse(new ByteArrayInputStream(requestBody))
          .getElementsByTagNameNS(AUTODISCOVER_NS, element);
      List<String> mailboxes = new ArrayList<>(nodes.getLength());
      for (int i = 0; i < nodes.getLength(); i++) {
        mailboxes.add(nodes.item(i).getTextContent().strip());
      }
      return List.copyOf(mailboxes);
    } catch (javax.xml.parsers.ParserConfigurationException | org.xml.sax.SAXException | java.io.IOException e) {
      throw new IllegalArgumentException("not a well-formed SOAP Autodiscover request: " + e.getMessage(), e);
    }
  }

  private static String domainResult(String code, String message, @Nullable String target) {
    return "      <DomainResponse>\n        <ErrorCode>" + XmlText.escape(code) + "</ErrorCode>\n        <ErrorMessage>"
        + XmlText.escape(message) + "</ErrorMessage>\n        <DomainSettingErrors/>\n        <DomainSettings/>\n"
        + (target == null ? "        <RedirectTarget i:nil=\"true\"/>\n"
            : "        <RedirectTarget>" + XmlText.escape(target) + "</RedirectTarget>\n")
        + "      </DomainResponse>\n";
  }

  private static String userResult(String code, String message, @Nullable String target) {
    return "      <UserResponse>\n        <ErrorCode>" + XmlText.escape(code) + "</ErrorCode>\n        <ErrorMessage>"
        + XmlText.escape(message) + "</ErrorMessage>\n"
        + (target == null ? "        <RedirectTarget i:nil=\"true\"/>\n"
            : "        <RedirectTarget>" + XmlText.escape(target) + "</RedirectTarget>\n")
        + "        <UserSettingErrors/>\n        <UserSettings/>\n      </UserResponse>\n";
  }

  private static String envelope(String message, String errorCode, String errorMessage, String inner) {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
        + "<s:Envelope xmlns:s=\"" + SOAP_NS + "\" xmlns:a=\"http://www.w3.org/2005/08/addressing\">\n"
        + "  <s:Header>\n"
        + "    <a:Action s:mustUnderstand=\"1\">http://schemas.microsoft.com/exchange/2010/Autodiscover/Autodiscover/"
        + message.replace("Message", "") + "</a:Action>\n"
        + "    <h:ServerVersionInfo xmlns:h=\"" + AUTODISCOVER_NS + "\"><h:MajorVersion>15</h:MajorVersion>"
        + "<h:MinorVersion>1</h:MinorVersion><h:MajorBuildNumber>2507</h:MajorBuildNumber>"
        + "<h:MinorBuildNumber>6</h:MinorBuildNumber><h:Version>Exchange2013_SP1</h:Version></h:ServerVersionInfo>\n"
        + "  </s:Header>\n  <s:Body>\n"
        + "    <" + message + " xmlns=\"" + AUTODISCOVER_NS + "\">\n"
        + "  <Response xmlns:i=\"http://www.w3.org/2001/XMLSchema-instance\">\n"
        + "    <ErrorCode>" + XmlText.escape(errorCode) + "</ErrorCode>\n"
        + "    <ErrorMessage>" + XmlText.escape(errorMessage) + "</ErrorMessage>\n"
        + inner
        + "  </Response>\n    </" + message + ">\n  </s:Body>\n</s:Envelope>\n";
  }

  private static void stringSetting(StringBuilder xml, String name, String value) {
    xml.append("          <UserSetting i:type=\"StringSetting\"><Name>").append(name).append("</Name><Value>")
        .append(XmlText.escape(value)).append("</Value></UserSetting>\n");
  }

  private static void checkAbsolute(@Nullable String url) {
    if (url != null && !URI.create(url).isAbsolute()) {
      throw new IllegalArgumentException("not an absolute URL: " + url);
    }
  }
}
