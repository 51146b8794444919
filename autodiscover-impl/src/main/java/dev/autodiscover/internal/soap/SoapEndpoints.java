package dev.autodiscover.internal.soap;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.jspecify.annotations.Nullable;

/**
 * Maps the endpoint a discovery found to the URLs of the same Autodiscover service in the other protocols
 * (protocol.md §4.1): a SOAP URL is used as it is, a POX URL gets the {@code .svc} ending, an Autodiscover
 * v2 URL ({@code .../autodiscover/autodiscover.json/...}) the SOAP path on the same host and port. Only https
 * URLs with a host map; anything else (a local file, a plain-http URL) has no SOAP service. Stateless.
 */
public final class SoapEndpoints {
  /** The POX path. */
  public static final String POX_PATH = "/autodiscover/autodiscover.xml";
  /** The SOAP path. */
  public static final String SOAP_PATH = "/autodiscover/autodiscover.svc";
  /** The start of every Autodiscover v2 path. */
  public static final String V2_PATH = "/autodiscover/autodiscover.json";

  private SoapEndpoints() {}

  /**
   * Returns the SOAP URL of an endpoint.
   *
   * @param endpoint a POX, SOAP or v2 Autodiscover URL
   * @return the {@code autodiscover.svc} URL, or null when the endpoint is none of these or not https
   */
  public static @Nullable URI soapUrl(URI endpoint) {
    return sibling(endpoint, SOAP_PATH);
  }

  /**
   * Returns the POX URL of an endpoint.
   *
   * @param endpoint a POX, SOAP or v2 Autodiscover URL
   * @return the {@code autodiscover.xml} URL, or null when the endpoint is none of these or not https
   */
  public static @Nullable URI poxUrl(URI endpoint) {
    return sibling(endpoint, POX_PATH);
  }

  /**
   * Returns the SOAP URL a {@code RedirectUrl} or HTTP redirect target leads to (protocol.md §4.8): a target
   * naming the SOAP or the POX path is asked at the SOAP path of that host.
   *
   * @param target the resolved redirect target
   * @return the {@code autodiscover.svc} URL, or null when the target names neither path or is not https
   */
  public static @Nullable URI soapRedirectTarget(URI target) {
    String path = target.getPath() == null ? "" : target.getPath().toLowerCase(Locale.ROOT);
    return path.endsWith(SOAP_PATH) || path.endsWith(POX_PATH) ? soapUrl(target) : null;
  }

  private static @Nullable URI sibling(URI endpoint, String ending) {
    String path = endpoint.getPath();
    if (!"https".equalsIgnoreCase(endpoint.getScheme()) || endpoint.getHost() == null || path == null
        || endpoint.getRawUserInfo() != null) {
      return null;
    }
    String lower = path.toLowerCase(Locale.ROOT);
    String prefix;
    if (lower.endsWith(POX_PATH) || lower.endsWith(SOAP_PATH)) {
      prefix = path.substring(0, path.length() - POX_PATH.length());
    } else if (lower.startsWith(V2_PATH)) {
      prefix = "";
    } else {
      return null;
    }
    try {
      return new URI("https", null, endpoint.getHost(), endpoint.getPort(), prefix + ending, null, null);
    } catch (URISyntaxException e) {
      return null;
    }
  }
}
