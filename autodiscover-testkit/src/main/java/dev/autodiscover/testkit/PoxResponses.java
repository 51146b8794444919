package dev.autodiscover.testkit;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import mockwebserver3.MockResponse;
import org.jspecify.annotations.Nullable;

/**
 * Builders of realistic POX Autodiscover answers ({@code autodiscover.xml}) and of the HTTP responses that
 * carry them.
 *
 * <p>Documents use the two response namespaces as Exchange does: the root {@code Autodiscover} element is
 * in {@value #RESPONSE_NS}; an Outlook-schema {@code Response} declares {@value #OUTLOOK_RESPONSE_NS} as its
 * default namespace, while a generic error's {@code Response} stays in the outer one. All text is
 * XML-escaped. Output is deterministic except for the {@code Time} attribute of {@link #errorXml}.
 * Stateless and thread-safe.
 */
public final class PoxResponses {
  /** Namespace of the root {@code Autodiscover} element and of generic errors. */
  public static final String RESPONSE_NS =
      "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";

  /** Namespace of an Outlook-schema {@code Response} and everything below it. */
  public static final String OUTLOOK_RESPONSE_NS =
      "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

  /** The {@code Id} attribute of every {@link #errorXml} error: a made-up server identifier. */
  public static final String ERROR_SERVER_ID = "3054823713";

  private static final String DEPLOYMENT_ID = "2f6c1d4e-8a37-4b90-95e2-7c1a0d3b6e58";
  private static final String ADMIN_GROUP = "/o=%s/ou=Exchange Administrative Group (FYDIBOHF23SPDLT)";
  private static final DateTimeFormatter ERROR_TIME = DateTimeFormatter.ofPattern("HH:mm:ss.SSSSSSS");

  private PoxResponses() {}

  /**
   * Returns an {@code Action=settings} answer for one mailbox on an Exchange 2016-style server.
   *
   * <p>{@code User} carries the display name, a LegacyDN, {@code AutoDiscoverSMTPAddress} and a
   * {@code DeploymentId}. {@code Account} carries an {@code EXCH} protocol (internal URLs: {@code EwsUrl},
   * {@code ASUrl}, {@code OOFUrl}, {@code EcpUrl}), an {@code EXPR} protocol (the same, external), and a
   * {@code WEB} protocol with {@code Internal}/{@code External} OWA URLs. A null URL omits the URL elements
   * derived from it but keeps the protocol; {@code WEB} is omitted when both are null. OWA and ECP URLs are
   * {@code <scheme>://<authority>/owa/} of the corresponding EWS URL.
   *
   * @param email the mailbox's primary SMTP address; its domain names the organisation and servers
   * @throws IllegalArgumentException if {@code email} has no {@code @}, or a URL is not a valid absolute URI
   */
  public static String settingsXml(
      String displayName, String email, @Nullable String externalEwsUrl, @Nullable String internalEwsUrl) {
    Objects.requireNonNull(displayName, "displayName");
    Objects.requireNonNull(email, "email");
    int at = email.lastIndexOf('@');
    if (at <= 0 || at == email.length() - 1) {
      throw new IllegalArgumentException("not an e-mail address: \"" + email + "\"");
    }
    String domain = email.substring(at + 1).toLowerCase(Locale.ROOT);
    String organisation = domain.substring(0, domain.indexOf('.') < 0 ? domain.length() : domain.indexOf('.'));
    String adminGroup = String.format(Locale.ROOT, ADMIN_GROUP, organisation);
    String mailboxServer = UUID.nameUUIDFromBytes(email.getBytes(StandardCharsets.UTF_8)) + "@" + domain;
    String externalServer = externalEwsUrl == null ? "mail." + domain : hostOf(externalEwsUrl);

    StringBuilder xml = new StringBuilder(4096);
    xml.append(prologue()).append("  <Response xmlns=\"").append(OUTLOOK_RESPONSE_NS).append("\">\n");
    xml.append("    <User>\n");
    element(xml, 6, "DisplayName", displayName);
    element(xml, 6, "LegacyDN", adminGroup + "/cn=Recipients/cn=" + email.substring(0, at));
    element(xml, 6, "AutoDiscoverSMTPAddress", email);
    element(xml, 6, "DeploymentId", DEPLOYMENT_ID);
    xml.append("    </User>\n");
    xml.append("    <Account>\n");
    element(xml, 6, "AccountType", "email");
    element(xml, 6, "Action", "settings");
    element(xml, 6, "MicrosoftOnline", "False");

    xml.append("      <Protocol>\n");
    element(xml, 8, "Type", "EXCH");
    element(xml, 8, "Server", mailboxServer);
    element(xml, 8, "ServerDN", adminGroup + "/cn=Configuration/cn=Servers/cn=" + mailboxServer);
    element(xml, 8, "ServerVersion", "73C189CB");
    element(xml, 8, "AD", "dc01." + domain);
    webServiceUrls(xml, internalEwsUrl);
    element(xml, 8, "ServerExclusiveConnect", "off");
    xml.append("      </Protocol>\n");

    xml.append("      <Protocol>\n");
    element(xml, 8, "Type", "EXPR");
    element(xml, 8, "Server", externalServer);
    element(xml, 8, "SSL", "On");
    element(xml, 8, "AuthPackage", "Negotiate");
    element(xml, 8, "CertPrincipalName", "msstd:" + externalServer);
    element(xml, 8, "ServerExclusiveConnect", "on");
    webServiceUrls(xml, externalEwsUrl);
    element(xml, 8, "TTL", "1");
    xml.append("      </Protocol>\n");

    if (internalEwsUrl != null || externalEwsUrl != null) {
      xml.append("      <Protocol>\n");
      element(xml, 8, "Type", "WEB");
      webAccess(xml, "Internal", "Basic, Fba", "EXCH", internalEwsUrl);
      webAccess(xml, "External", "Fba", "EXPR", externalEwsUrl);
      xml.append("      </Protocol>\n");
    }
    xml.append("    </Account>\n  </Response>\n</Autodiscover>\n");
    return xml.toString();
  }

  /**
   * Returns an {@code Action=redirectAddr} answer: the client should restart discovery for
   * {@code address}.
   */
  public static String redirectAddrXml(String address) {
    return accountRedirect("redirectAddr", "RedirectAddr", Objects.requireNonNull(address, "address"));
  }

  /**
   * Returns an {@code Action=redirectUrl} answer: the client should send the same request to {@code url}.
   * The URL is not validated, so tests can offer bad targets.
   */
  public static String redirectUrlXml(String url) {
    return accountRedirect("redirectUrl", "RedirectUrl", Objects.requireNonNull(url, "url"));
  }

  /**
   * Returns a generic error answer: {@code Response/Error} in the outer namespace {@value #RESPONSE_NS},
   * with a {@code Time} attribute (current UTC time, {@code HH:mm:ss.fffffff}), an {@code Id} attribute
   * ({@value #ERROR_SERVER_ID}), {@code ErrorCode}, {@code Message} and an empty {@code DebugData}.
   *
   * @param errorCode e.g. 500 (address not found), 600 (invalid request), 603 (server error); not checked
   */
  public static String errorXml(int errorCode, String message) {
    Objects.requireNonNull(message, "message");
    String time = LocalTime.now(ZoneOffset.UTC).format(ERROR_TIME);
    StringBuilder xml = new StringBuilder(prologue()).append("  <Response>\n");
    xml.append("    <Error Time=\"").append(time).append("\" Id=\"").append(ERROR_SERVER_ID).append("\">\n");
    element(xml, 6, "ErrorCode", Integer.toString(errorCode));
    element(xml, 6, "Message", message);
    xml.append("      <DebugData />\n    </Error>\n  </Response>\n</Autodiscover>\n");
    return xml.toString();
  }

  /** Returns {@code 200 OK} with {@code Content-Type: text/xml; charset=utf-8} and {@code body} in UTF-8. */
  public static MockResponse xml(String body) {
    Objects.requireNonNull(body, "body");
    return new MockResponse.Builder()
        .status("HTTP/1.1 200 OK")
        .setHeader("Content-Type", "text/xml; charset=utf-8")
        .body(body)
        .build();
  }

  /**
   * Returns a redirect with an empty body and {@code Location: location} (sent verbatim, so relative and
   * malformed targets can be tested).
   *
   * @param code 300 to 399, e.g. 302; the reason phrase matches the code
   * @throws IllegalArgumentException if {@code code} is not a 3xx code
   */
  public static MockResponse redirect(int code, String location) {
    Objects.requireNonNull(location, "location");
    if (code < 300 || code > 399) {
      throw new IllegalArgumentException("not a redirect status: " + code);
    }
    return new MockResponse.Builder()
        .status("HTTP/1.1 " + code + " " + redirectReason(code))
        .addHeader("Location", location)
        .build();
  }

  /**
   * Returns {@code 401 Unauthorized} with an empty body and one {@code WWW-Authenticate} header per
   * argument, in order; for example {@code unauthorized("Negotiate", "NTLM", "Basic realm=\"contoso\"")}.
   * No argument gives a 401 without a challenge, as some broken servers send.
   *
   * @throws NullPointerException if the array or an element is null
   * @throws IllegalArgumentException if a challenge contains characters not allowed in a header value
   */
  public static MockResponse unauthorized(String... wwwAuthenticate) {
    MockResponse.Builder response = new MockResponse.Builder().status("HTTP/1.1 401 Unauthorized");
    for (String challenge : wwwAuthenticate) {
      response.addHeader("WWW-Authenticate", Objects.requireNonNull(challenge, "wwwAuthenticate element"));
    }
    return response.build();
  }

  private static String accountRedirect(String action, String element, String target) {
    StringBuilder xml = new StringBuilder(prologue());
    xml.append("  <Response xmlns=\"").append(OUTLOOK_RESPONSE_NS).append("\">\n    <Account>\n");
    element(xml, 6, "AccountType", "email");
    element(xml, 6, "Action", action);
    element(xml, 6, element, target);
    xml.append("    </Account>\n  </Response>\n</Autodiscover>\n");
    return xml.toString();
  }

  private static String prologue() {
    return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<Autodiscover xmlns=\"" + RESPONSE_NS + "\">\n";
  }

  private static void webServiceUrls(StringBuilder xml, @Nullable String ewsUrl) {
    if (ewsUrl == null) {
      return;
    }
    element(xml, 8, "ASUrl", ewsUrl);
    element(xml, 8, "EwsUrl", ewsUrl);
    element(xml, 8, "EmwsUrl", ewsUrl);
    element(xml, 8, "EcpUrl", owaUrl(ewsUrl));
    element(xml, 8, "OOFUrl", ewsUrl);
  }

  private static void webAccess(
      StringBuilder xml, String block, String authMethods, String type, @Nullable String ewsUrl) {
    if (ewsUrl == null) {
      return;
    }
    xml.append("        <").append(block).append(">\n");
    xml.append("          <OWAUrl AuthenticationMethod=\"").append(XmlText.escape(authMethods)).append("\">")
        .append(XmlText.escape(owaUrl(ewsUrl))).append("</OWAUrl>\n");
    xml.append("          <Protocol>\n");
    element(xml, 12, "Type", type);
    element(xml, 12, "ASUrl", ewsUrl);
    xml.append("          </Protocol>\n");
    xml.append("        </").append(block).append(">\n");
  }

  private static void element(StringBuilder xml, int indent, String name, String text) {
    xml.append(" ".repeat(indent)).append('<').append(name).append('>').append(XmlText.escape(text))
        .append("</").append(name).append(">\n");
  }

  private static String owaUrl(String ewsUrl) {
    URI uri = absolute(ewsUrl);
    return uri.getScheme() + "://" + uri.getRawAuthority() + "/owa/";
  }

  private static String hostOf(String url) {
    String host = absolute(url).getHost();
    if (host == null) {
      throw new IllegalArgumentException("URL has no host: " + url);
    }
    return host;
  }

  private static URI absolute(String url) {
    URI uri = URI.create(url);
    if (!uri.isAbsolute() || uri.getRawAuthority() == null) {
      throw new IllegalArgumentException("not an absolute URL: " + url);
    }
    return uri;
  }

  private static String redirectReason(int code) {
    return switch (code) {
      case 300 -> "Multiple Choices";
      case 301 -> "Moved Permanently";
      case 302 -> "Found";
      case 303 -> "See Other";
      case 304 -> "Not Modified";
      case 307 -> "Temporary Redirect";
      case 308 -> "Permanent Redirect";
      default -> "Redirection";
    };
  }
}
