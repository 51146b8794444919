package dev.autodiscover.internal.http;

import java.net.URI;
import java.net.http.HttpRequest;
import java.util.Optional;

/** The HTTP request of a POX or SOAP Autodiscover POST, shared by single, batch and domain lookups. */
public final class XmlPost {
  /** The {@code User-Agent} of every request the SDK sends. */
  public static final String USER_AGENT = "autodiscover-java/0.1";

  private XmlPost() {}

  /**
   * A POST of an XML body, with the credential header when there is one; a Bearer request also names the
   * mailbox in {@code X-AnchorMailbox}, by which Exchange Online routes it (protocol.md §7.4).
   */
  public static HttpRequest.Builder builder(URI url, byte[] body, Optional<AuthHeader> auth, String anchorMailbox) {
    HttpRequest.Builder b = HttpRequest.newBuilder(url)
        .header("Content-Type", "text/xml; charset=utf-8")
        .header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    auth.ifPresent(a -> {
      b.header("Authorization", a.headerValue());
      if (a.scheme().equals("Bearer")) {
        b.header("X-AnchorMailbox", anchorMailbox);
      }
    });
    return b;
  }
}
