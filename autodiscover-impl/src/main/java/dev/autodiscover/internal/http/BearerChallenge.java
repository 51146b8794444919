package dev.autodiscover.internal.http;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The parameters of a {@code Bearer} challenge from Exchange Online or hybrid modern authentication
 * (protocol.md §7.4): where to get a token ({@code authorization_uri}), for which resource ({@code client_id},
 * {@code resource_id}) and which issuers the server trusts. Challenges carry no secrets.
 *
 * @param params every auth-param of the challenge, names lower-cased, values unquoted, in order
 */
public record BearerChallenge(Map<String, String> params) {
  /** Copies the map. */
  public BearerChallenge {
    params = Map.copyOf(Objects.requireNonNull(params, "params"));
  }

  /**
   * Finds the first {@code Bearer} challenge in the {@code WWW-Authenticate} values of a 401.
   *
   * @param wwwAuthenticateHeaders all {@code WWW-Authenticate} values, in order
   * @return the challenge, or empty when no {@code Bearer} scheme was offered
   */
  public static Optional<BearerChallenge> parse(List<String> wwwAuthenticateHeaders) {
    return WwwAuthenticate.parse(wwwAuthenticateHeaders).stream()
        .filter(c -> c.is("Bearer"))
        .findFirst()
        .map(c -> new BearerChallenge(c.params()));
  }

  /**
   * Returns the authority to get a token from.
   *
   * @return {@code authorization_uri} if it is an absolute {@code https} URI, else empty
   */
  public Optional<URI> authorizationUri() {
    return param("authorization_uri").flatMap(v -> {
      try {
        URI uri = new URI(v);
        return uri.isAbsolute() && "https".equalsIgnoreCase(uri.getScheme()) && uri.getHost() != null
            ? Optional.of(uri) : Optional.empty();
      } catch (URISyntaxException e) {
        return Optional.empty();
      }
    });
  }

  /**
   * Names an authority for a message: the URI itself, followed by a warning when its host is not a Microsoft
   * sign-in host of any cloud ({@link #isMicrosoftAuthority}), since a token or password must not be sent there.
   *
   * @param authority an {@code authorization_uri}; not null
   * @return for example {@code https://login.example.net/authorize (warning: not a Microsoft sign-in authority; ...)}
   */
  public static String describe(URI authority) {
    return authority + (isMicrosoftAuthority(authority) ? ""
        : " (warning: not a Microsoft sign-in authority; " + authority.getHost() + " is no Microsoft cloud's login"
            + " host: do not send credentials there unless you know it)");
  }

  /**
   * Whether an authority is a Microsoft Entra ID sign-in host of the worldwide, US Government or China cloud
   * (platform-2026.md), compared exactly and case-insensitively, over https on the default port.
   *
   * @param authority an {@code authorization_uri}; not null
   * @return true for {@code https://login.microsoftonline.com/...} and the other clouds' sign-in hosts
   */
  public static boolean isMicrosoftAuthority(URI authority) {
    String host = authority.getHost();
    return host != null && "https".equalsIgnoreCase(authority.getScheme()) && authority.getRawUserInfo() == null
        && (authority.getPort() == -1 || authority.getPort() == 443)
        && MICROSOFT_LOGIN_HOSTS.contains(host.toLowerCase(java.util.Locale.ROOT));
  }

  /** The sign-in hosts of Microsoft's clouds; {@code login.windows.net} is the older worldwide name HMA shows. */
  static final List<String> MICROSOFT_LOGIN_HOSTS = List.of("login.microsoftonline.com", "login.windows.net",
      "login.microsoft.com", "login.microsoftonline.us", "login.chinacloudapi.cn", "login.partner.microsoftonline.cn");

  /**
   * Returns the resource application, for Exchange Online {@code 00000002-0000-0ff1-ce00-000000000000}.
   *
   * @return {@code client_id}, or empty
   */
  public Optional<String> clientId() {
    return param("client_id");
  }

  /**
   * Returns the resource identifier some servers send instead of or besides {@code client_id}.
   *
   * @return {@code resource_id}, or empty
   */
  public Optional<String> resourceId() {
    return param("resource_id");
  }

  /**
   * Returns the issuers the server trusts, for example {@code 00000001-0000-0000-c000-000000000000@*}.
   *
   * @return {@code trusted_issuers} split at commas, trimmed; empty when absent
   */
  public List<String> trustedIssuers() {
    return split(param("trusted_issuers"), ",");
  }

  /**
   * Returns the token types the server accepts.
   *
   * @return {@code token_types} split at white space or commas; empty when absent
   */
  public List<String> tokenTypes() {
    return split(param("token_types"), "[\\s,]+");
  }

  /**
   * Returns the error the server reports about the token sent, if any.
   *
   * @return {@code error}, for example {@code invalid_token}, or empty
   */
  public Optional<String> error() {
    return param("error");
  }

  private Optional<String> param(String name) {
    String value = params.get(name);
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.strip());
  }

  private static List<String> split(Optional<String> value, String separator) {
    return value.map(v -> Arrays.stream(v.split(separator)).map(String::strip).filter(s -> !s.isEmpty()).toList())
        .orElse(List.of());
  }
}
