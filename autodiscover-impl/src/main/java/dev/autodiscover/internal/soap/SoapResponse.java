package dev.autodiscover.internal.soap;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What a well-formed SOAP Autodiscover answer says (protocol.md §4.7): per-user (or per-domain) results, an
 * error for the whole request, or a SOAP fault.
 *
 * @param <S> the settings type: {@code UserSettings} or {@code DomainSettings}
 */
public sealed interface SoapResponse<S>
    permits SoapResponse.Answer, SoapResponse.RequestError, SoapResponse.Fault {

  /**
   * {@code Response/ErrorCode} is {@code NoError}: one result per requested user or domain, in request order.
   * Throttled servers may answer fewer results than were requested (protocol.md §4.3); the missing ones are
   * the trailing users, to be asked again.
   *
   * @param results the results in request order
   * @param serverVersion the {@code ServerVersionInfo} header, or null when absent or not numeric
   * @param <S> the settings type
   */
  record Answer<S>(List<SoapResult<S>> results, @Nullable ServerVersion serverVersion) implements SoapResponse<S> {
    /** Copies the list. */
    public Answer {
      results = List.copyOf(results);
    }
  }

  /**
   * The request as a whole failed ({@code InvalidRequest}, {@code ServerBusy}, {@code InternalServerError},
   * ...); there are no per-user results.
   *
   * @param errorCode {@code Response/ErrorCode}, trimmed
   * @param message {@code Response/ErrorMessage}, possibly empty
   * @param <S> the settings type
   */
  record RequestError<S>(String errorCode, String message) implements SoapResponse<S> {
    /** Checks the arguments. */
    public RequestError {
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(message, "message");
    }
  }

  /**
   * A SOAP 1.1 fault (typically with HTTP 500).
   *
   * @param code the local part of {@code faultcode}, for example {@code Client} or {@code Server}; empty when
   *     absent
   * @param reason {@code faultstring}, possibly empty
   * @param detail the simple elements of {@code detail} by local name (for example Exchange's
   *     {@code ResponseCode}), in document order
   * @param <S> the settings type
   */
  record Fault<S>(String code, String reason, Map<String, String> detail) implements SoapResponse<S> {
    /** Checks and copies the arguments. */
    public Fault {
      Objects.requireNonNull(code, "code");
      Objects.requireNonNull(reason, "reason");
      detail = Collections.unmodifiableMap(new LinkedHashMap<>(detail));
    }
  }

  /**
   * The {@code ServerVersionInfo} SOAP header (protocol.md §4.2).
   *
   * @param majorVersion {@code MajorVersion}, for example 15
   * @param minorVersion {@code MinorVersion}
   * @param majorBuildNumber {@code MajorBuildNumber}
   * @param minorBuildNumber {@code MinorBuildNumber}
   * @param version {@code Version}, a schema version string such as {@code Exchange2013_SP1}; empty when absent
   */
  record ServerVersion(int majorVersion, int minorVersion, int majorBuildNumber, int minorBuildNumber,
      String version) {
    /** Checks the argument. */
    public ServerVersion {
      Objects.requireNonNull(version, "version");
    }
  }
}
