package dev.autodiscover.internal.http;

import java.nio.CharBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import dev.autodiscover.Credentials;

/**
 * An {@code Authorization} header value chosen for a challenge: Bearer only for a host in the token's
 * audience (protocol.md §10.3 rule 8), otherwise Basic when the caller opted in. The one place that builds
 * credentials into a header, for POX and SOAP alike; {@link #toString()} never shows the value.
 *
 * @param scheme {@code Bearer} or {@code Basic}
 * @param headerValue the whole header value (a secret)
 */
public record AuthHeader(String scheme, String headerValue) {

  /** Picks Bearer (only for a host in the token's audience, rule 8) over opt-in Basic. */
  public static Optional<AuthHeader> choose(Credentials credentials, List<String> offered, String host) {
    boolean bearer = offered.stream().anyMatch(s -> s.equalsIgnoreCase("Bearer"));
    boolean basic = offered.stream().anyMatch(s -> s.equalsIgnoreCase("Basic"));
    if (bearer && credentials.bearerTokenSupplier().isPresent() && credentials.bearerAudience().contains(host)) {
      String token = credentials.bearerTokenSupplier().get().get();
      if (token != null && !token.isBlank()) {
        return Optional.of(new AuthHeader("Bearer", "Bearer " + token.strip()));
      }
    }
    if (basic && credentials.basicUser().isPresent() && credentials.basicPassword().isPresent()) {
      char[] password = credentials.basicPassword().get();
      try {
        CharBuffer joined = CharBuffer.allocate(credentials.basicUser().get().length() + 1 + password.length);
        joined.put(credentials.basicUser().get()).put(':').put(password).flip();
        java.nio.ByteBuffer bytes = StandardCharsets.UTF_8.encode(joined);
        byte[] raw = new byte[bytes.remaining()];
        bytes.get(raw);
        String value = "Basic " + Base64.getEncoder().encodeToString(raw);
        Arrays.fill(raw, (byte) 0);
        Arrays.fill(joined.array(), '\0');
        return Optional.of(new AuthHeader("Basic", value));
      } finally {
        Arrays.fill(password, '\0');
      }
    }
    return Optional.empty();
  }

  @Override
  public String toString() {
    return "AuthHeader[" + scheme + ", ***]";
  }
}
