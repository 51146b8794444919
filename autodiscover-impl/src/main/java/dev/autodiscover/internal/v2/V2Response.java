package dev.autodiscover.internal.v2;

import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/** What an Autodiscover v2 answer says (protocol.md §5.2). */
public sealed interface V2Response permits V2Response.Endpoint, V2Response.Redirect, V2Response.Error, V2Response.NotV2 {

  /**
   * HTTP 200 with {@code {"Protocol": ..., "Url": ...}}.
   *
   * @param protocol the {@code Protocol} the server echoed, trimmed (compare ignoring case)
   * @param url the {@code Url}: absolute, {@code http} or {@code https}, with a host (not otherwise validated)
   */
  record Endpoint(String protocol, URI url) implements V2Response {
    /** Checks the arguments. */
    public Endpoint {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(url, "url");
    }
  }

  /**
   * An HTTP redirect (301, 302, 303, 307, 308) with a {@code Location}: the user is served elsewhere. The
   * caller validates the target (protocol.md §3.15: path must end in {@code autodiscover.json}), follows it with
   * GET and counts a hop.
   *
   * @param status the HTTP status
   * @param location the {@code Location} header, trimmed, as sent (may be relative)
   */
  record Redirect(int status, String location) implements V2Response {
    /** Checks the arguments. */
    public Redirect {
      Objects.requireNonNull(location, "location");
    }
  }

  /**
   * A JSON error body ({@code {"ErrorCode": ..., "ErrorMessage": ...}}), usually with HTTP 400.
   *
   * @param code the error code as a type
   * @param errorCode the {@code ErrorCode} as sent, trimmed
   * @param message the {@code ErrorMessage}, possibly empty
   * @param status the HTTP status
   */
  record Error(Code code, String errorCode, String message, int status) implements V2Response {
    /** Checks the arguments. */
    public Error {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
    }

    /** The error codes seen from servers (protocol.md §5.2). */
    public enum Code {
      /** The {@code Protocol} value is unknown; the message lists the supported ones. */
      INVALID_PROTOCOL,
      /** The protocol is known but not served for this user. */
      PROTOCOL_NOT_SUPPORTED,
      /** No {@code Protocol} parameter was sent. */
      MISSING_PROTOCOL,
      /** A required parameter is missing. */
      MANDATORY_PARAMETER_MISSING,
      /** Any other code. */
      OTHER;

      /**
       * Maps a wire code, ignoring case.
       *
       * @param errorCode the {@code ErrorCode} text
       * @return the type, {@link #OTHER} when unknown
       */
      public static Code of(String errorCode) {
        return switch (errorCode.strip().toLowerCase(Locale.ROOT)) {
          case "invalidprotocol" -> INVALID_PROTOCOL;
          case "protocolnotsupported" -> PROTOCOL_NOT_SUPPORTED;
          case "missingprotocol" -> MISSING_PROTOCOL;
          case "mandatoryparametermissing" -> MANDATORY_PARAMETER_MISSING;
          default -> OTHER;
        };
      }
    }
  }

  /**
   * The endpoint does not speak Autodiscover v2 (404, 401, an HTML page, broken or hostile JSON, ...): fall
   * back to SOAP or POX.
   *
   * @param reason one short phrase saying why, quoting at most a short excerpt of what the server sent
   */
  record NotV2(String reason) implements V2Response {
    /** Checks the argument. */
    public NotV2 {
      Objects.requireNonNull(reason, "reason");
    }
  }
}
