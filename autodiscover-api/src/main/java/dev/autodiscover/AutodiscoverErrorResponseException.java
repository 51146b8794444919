package dev.autodiscover;

import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An Autodiscover server answered with an {@code Error} document, for example ErrorCode 603 ("The Active
 * Directory user wasn't found", very often a stale automapping link on the server). Branch on
 * {@link #errorCode()}, never on the message text, which varies by Exchange version and language.
 */
public final class AutodiscoverErrorResponseException extends AutodiscoverException {
  private static final long serialVersionUID = 1L;

  /** Serialized form: see {@link #errorCode()}. */
  private final int errorCode;
  /** Serialized form: see {@link #serverMessage()}. */
  private final @Nullable String serverMessage;
  /** Serialized form: see {@link #debugData()}. */
  private final @Nullable String debugData;
  /** Serialized form: see {@link #serverTime()}. */
  private final @Nullable String serverTime;
  /** Serialized form: see {@link #serverId()}. */
  private final @Nullable String serverId;
  /** Serialized form: see {@link #endpoint()}. */
  private final URI endpoint;
  /** Serialized form: see {@link #soapErrorCode()}. */
  private final @Nullable String soapErrorCode;

  /**
   * Creates the exception.
   *
   * @param message a summary for people
   * @param trace the attempts of the run
   * @param errorCode the Autodiscover {@code ErrorCode}
   * @param serverMessage the {@code Message} element, or null
   * @param debugData the {@code DebugData} element, or null
   * @param serverTime the {@code Time} attribute, or null
   * @param serverId the {@code Id} attribute, or null
   * @param endpoint the URL that answered
   */
  AutodiscoverErrorResponseException(
      String message,
      AttemptTrace trace,
      int errorCode,
      @Nullable String serverMessage,
      @Nullable String debugData,
      @Nullable String serverTime,
      @Nullable String serverId,
      URI endpoint) {
    this(message, trace, errorCode, serverMessage, debugData, serverTime, serverId, endpoint, null);
  }

  /**
   * Creates the exception for an answer that may be a SOAP one.
   *
   * @param message a summary for people
   * @param trace the attempts of the run
   * @param errorCode the POX {@code ErrorCode}, or for a SOAP answer the nearest POX code (500 for
   *     {@code InvalidUser}, 600 for {@code InvalidRequest} and {@code InvalidSetting}, 603 otherwise)
   * @param serverMessage the {@code Message} ({@code ErrorMessage}) element, or null
   * @param debugData the {@code DebugData} element, or null
   * @param serverTime the {@code Time} attribute, or null
   * @param serverId the {@code Id} attribute, or null
   * @param endpoint the URL that answered
   * @param soapErrorCode the SOAP {@code ErrorCode} name ({@code InvalidUser}, {@code InvalidDomain}, ...), or
   *     null for a POX answer
   */
  AutodiscoverErrorResponseException(
      String message,
      AttemptTrace trace,
      int errorCode,
      @Nullable String serverMessage,
      @Nullable String debugData,
      @Nullable String serverTime,
      @Nullable String serverId,
      URI endpoint,
      @Nullable String soapErrorCode) {
    super(message, trace, null);
    this.soapErrorCode = soapErrorCode;
    this.errorCode = errorCode;
    this.serverMessage = serverMessage;
    this.debugData = debugData;
    this.serverTime = serverTime;
    this.serverId = serverId;
    this.endpoint = Objects.requireNonNull(endpoint, "endpoint");
  }

  /**
   * Returns the SOAP Autodiscover {@code ErrorCode} when the answer was a SOAP one: {@code InvalidUser},
   * {@code InvalidDomain}, {@code InvalidRequest}, {@code ServerBusy}, {@code InternalServerError}, ...
   * (protocol.md §4.7). Branch on it rather than on {@link #errorCode()} for SOAP answers.
   *
   * @return the SOAP code, or empty for a POX answer
   */
  public Optional<String> soapErrorCode() {
    return Optional.ofNullable(soapErrorCode);
  }

  /**
   * Returns the Autodiscover {@code ErrorCode} (500, 501, 600, 601, 603, ...); for a SOAP answer the nearest
   * POX code (see {@link #soapErrorCode()}).
   *
   * @return the code
   */
  public int errorCode() {
    return errorCode;
  }

  /**
   * Returns the server's {@code Message}.
   *
   * @return the message, or empty
   */
  public Optional<String> serverMessage() {
    return Optional.ofNullable(serverMessage);
  }

  /**
   * Returns the server's {@code DebugData}, for administrators.
   *
   * @return the debug data, or empty
   */
  public Optional<String> debugData() {
    return Optional.ofNullable(debugData);
  }

  /**
   * Returns the {@code Time} attribute, which with {@link #serverId()} finds the request in server logs.
   *
   * @return the server time, or empty
   */
  public Optional<String> serverTime() {
    return Optional.ofNullable(serverTime);
  }

  /**
   * Returns the {@code Id} attribute identifying the answering server.
   *
   * @return the id, or empty
   */
  public Optional<String> serverId() {
    return Optional.ofNullable(serverId);
  }

  /**
   * Returns the URL that answered with the error.
   *
   * @return the endpoint
   */
  public URI endpoint() {
    return endpoint;
  }
}
