package dev.autodiscover;

import java.net.URI;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One POX {@code Protocol} block: one way to reach the mailbox ({@code EXCH}, {@code EXPR}, {@code WEB},
 * {@code EXHTTP}, the {@code mapiHttp} attribute form, or an Internet protocol).
 *
 * <p>Backed by every element of the block. Simple children are keyed by local name ({@code EwsUrl});
 * children of nested blocks by a slash path ({@code External/OWAUrl}, {@code MailStore/ExternalUrl});
 * attributes by {@code @name} appended to their element's key ({@code @Version},
 * {@code Internal/OWAUrl@AuthenticationMethod}). Elements without a typed accessor stay reachable through
 * {@link #elements()}.
 *
 * <p>The typed URL accessors ({@link #ewsUrl()}, {@link #asUrl()}, ...) return only an absolute {@code https}
 * URL with a host and without user info: a server must not steer a client to plain http, a script URL or
 * embedded credentials. A URL they refuse is empty there, but its text stays in {@link #elements()}, and the
 * attempt that received it names it in its trace detail. Whether a URL's host is one the run trusted is not
 * checked here: see {@link AutodiscoverResult#ewsUrlOutsideTrustedDomains()}. Immutable.
 */
public final class ProtocolSettings {
  private final String type;
  private final ElementMap elements;

  /**
   * Creates the view.
   *
   * @param type the protocol type, from the {@code Type} child or, for MAPI over HTTP, the {@code Type}
   *     attribute
   * @param elements the block's elements keyed as described in the class comment, in document order
   */
  ProtocolSettings(String type, Map<String, String> elements) {
    this.type = Objects.requireNonNull(type, "type");
    this.elements = new ElementMap(elements);
  }

  /**
   * Returns the protocol type as the server wrote it, for example {@code EXPR} or {@code mapiHttp}.
   *
   * @return the type, never null
   */
  public String type() {
    return type;
  }

  /**
   * Returns whether this block is meant for internal ({@code EXCH}) or external ({@code EXPR}) clients.
   *
   * @return the location, or empty for other types
   */
  public Optional<NetworkLocation> location() {
    return switch (type.toUpperCase(Locale.ROOT)) {
      case "EXCH" -> Optional.of(NetworkLocation.INTERNAL);
      case "EXPR" -> Optional.of(NetworkLocation.EXTERNAL);
      default -> Optional.empty();
    };
  }

  /**
   * Returns the host to connect to (mailbox server, Outlook Anywhere proxy, or mail server).
   *
   * @return {@code Server}, or empty
   */
  public Optional<String> server() {
    return elements.text("Server");
  }

  /**
   * Returns the legacy DN of the mailbox server.
   *
   * @return {@code ServerDN}, or empty
   */
  public Optional<String> serverDn() {
    return elements.text("ServerDN");
  }

  /**
   * Returns the raw server version: 8 hex digits encoding the Exchange build.
   *
   * @return {@code ServerVersion}, or empty
   */
  public Optional<String> serverVersion() {
    return elements.text("ServerVersion");
  }

  /**
   * Returns the server version decoded as {@code major.minor.build} (for example {@code 15.1.2507} for
   * {@code 73C189CB}); a hint only, EWS reports the authoritative version.
   *
   * @return the decoded version, or empty when absent or not 8 hex digits
   */
  public Optional<String> serverVersionDecoded() {
    return serverVersion().flatMap(hex -> {
      if (!hex.matches("[0-9A-Fa-f]{8}")) {
        return Optional.empty();
      }
      int v = (int) Long.parseLong(hex, 16);
      return Optional.of(((v >>> 22) & 0x3F) + "." + ((v >>> 16) & 0x3F) + "." + (v & 0x7FFF));
    });
  }

  /**
   * Returns the availability (free/busy) service URL.
   *
   * @return {@code ASUrl}, or empty
   */
  public Optional<URI> asUrl() {
    return elements.uri("ASUrl");
  }

  /**
   * Returns the Exchange Web Services endpoint.
   *
   * @return {@code EwsUrl}, or empty
   */
  public Optional<URI> ewsUrl() {
    return elements.uri("EwsUrl");
  }

  /**
   * Returns the Exchange Management Web Services URL.
   *
   * @return {@code EmwsUrl}, or empty
   */
  public Optional<URI> emwsUrl() {
    return elements.uri("EmwsUrl");
  }

  /**
   * Returns the Exchange Control Panel base URL.
   *
   * @return {@code EcpUrl}, or empty
   */
  public Optional<URI> ecpUrl() {
    return elements.uri("EcpUrl");
  }

  /**
   * Returns the out-of-office service URL.
   *
   * @return {@code OOFUrl}, or empty
   */
  public Optional<URI> oofUrl() {
    return elements.uri("OOFUrl");
  }

  /**
   * Returns the offline address book base URL.
   *
   * @return {@code OABUrl}, or empty
   */
  public Optional<URI> oabUrl() {
    return elements.uri("OABUrl");
  }

  /**
   * Returns the Unified Messaging web service URL.
   *
   * @return {@code UMUrl}, or empty
   */
  public Optional<URI> umUrl() {
    return elements.uri("UMUrl");
  }

  /**
   * Returns the authentication package for RPC or RPC over HTTP ({@code Negotiate}, {@code Ntlm},
   * {@code Basic}, ...).
   *
   * @return {@code AuthPackage}, or empty
   */
  public Optional<String> authPackage() {
    return elements.text("AuthPackage");
  }

  /**
   * Returns whether SSL is required ({@code SSL} is {@code On} or {@code Off}, compared ignoring case).
   *
   * @return the flag, or empty when absent or unrecognised
   */
  public Optional<Boolean> ssl() {
    return elements.flag("SSL");
  }

  /**
   * Returns how many hours the answer may be cached ({@code 0}: do not run Autodiscover again).
   *
   * @return {@code TTL}, or empty when absent or not a number
   */
  public Optional<Integer> ttlHours() {
    return elements.text("TTL").flatMap(v -> {
      try {
        return Optional.of(Integer.parseInt(v));
      } catch (NumberFormatException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Returns the Outlook on the web URL for internal clients (only in {@code WEB} blocks).
   *
   * @return {@code Internal/OWAUrl}, or empty
   */
  public Optional<URI> internalOwaUrl() {
    return elements.uri("Internal/OWAUrl");
  }

  /**
   * Returns the Outlook on the web URL for external clients (only in {@code WEB} blocks).
   *
   * @return {@code External/OWAUrl}, or empty
   */
  public Optional<URI> externalOwaUrl() {
    return elements.uri("External/OWAUrl");
  }

  /**
   * Returns the MAPI over HTTP mail store URL (only in {@code mapiHttp} blocks).
   *
   * @param location internal or external
   * @return {@code MailStore/InternalUrl} or {@code MailStore/ExternalUrl}, or empty
   */
  public Optional<URI> mailStoreUrl(NetworkLocation location) {
    return elements.uri("MailStore/" + urlName(location));
  }

  /**
   * Returns the MAPI over HTTP address book URL (only in {@code mapiHttp} blocks).
   *
   * @param location internal or external
   * @return {@code AddressBook/InternalUrl} or {@code AddressBook/ExternalUrl}, or empty
   */
  public Optional<URI> addressBookUrl(NetworkLocation location) {
    return elements.uri("AddressBook/" + urlName(location));
  }

  private static String urlName(NetworkLocation location) {
    return Objects.requireNonNull(location, "location") == NetworkLocation.INTERNAL ? "InternalUrl" : "ExternalUrl";
  }

  /**
   * Returns one element's text by key (see the class comment for the key form), matched ignoring case.
   *
   * @param key for example {@code EcpUrl-um} or {@code External/OWAUrl@AuthenticationMethod}
   * @return the trimmed text, or empty when absent or blank
   */
  public Optional<String> element(String key) {
    return elements.text(Objects.requireNonNull(key, "key"));
  }

  /**
   * Returns every element of the block.
   *
   * @return an unmodifiable map in document order
   */
  public Map<String, String> elements() {
    return elements.all();
  }

  /**
   * Returns the type and elements for logs.
   *
   * @return the description
   */
  @Override
  public String toString() {
    return PrintableText.escape("ProtocolSettings[" + type + "]" + elements);
  }
}
