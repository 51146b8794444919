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
