package dev.autodiscover;

/**
 * What one attempt in a discovery run came to. {@link #code()} gives the stable lower-case name used in the
 * JSON trace.
 */
public enum AttemptOutcome {
  /** The endpoint answered with settings ({@code Action=settings}). */
  SETTINGS("settings", "0x00000000"),
  /** The endpoint answered {@code Action=redirectUrl}: send the same request to another URL. */
  REDIRECT_URL("redirect-url", "0x00000000"),
  /** The endpoint answered {@code Action=redirectAddr}: start again for another address. */
  REDIRECT_ADDRESS("redirect-address", "0x800C8205"),
  /** The endpoint answered with an HTTP 301, 302, 303, 307 or 308 and a {@code Location}. */
  HTTP_REDIRECT("http-redirect", "0x00000000"),
  /**
   * The endpoint answered but has no Autodiscover service: a 403, 404, 405 or 5xx status, a non-redirect
   * answer to the redirect probe, or a body that is not an Autodiscover document (an HTML page, the wrong
   * content type, malformed or hostile XML, an oversized body), or a status line outside 100..599, which the
   * detail names as a protocol violation by the server.
   */
  NOT_FOUND("not-found", "0x80004005"),
  /** The endpoint challenged with HTTP 401 and the request has no credentials it may use there. */
  AUTH_REQUIRED("auth-required", "0x800C820E"),
  /** The endpoint rejected the credentials presented. */
  AUTH_FAILED("auth-failed", "0x800C820E"),
  /** The endpoint answered with an Autodiscover {@code Error} (for example ErrorCode 603). */
  ERROR_RESPONSE("error-response", "0x800C8203"),
  /** The TLS handshake failed: untrusted or incomplete certificate chain, name mismatch, protocol. */
  TLS_FAILURE("tls-failure", "0x80004005"),
  /** The TCP connection (or the proxy tunnel) could not be established. */
  CONNECT_FAILURE("connect-failure", "0x80004005"),
  /** No complete answer arrived within the attempt's time budget (after any retries). */
  TIMEOUT("timeout", "0x80004005"),
  /** The host name did not resolve, or a DNS server failed (SERVFAIL, refused, malformed answer). */
  DNS_FAILURE("dns-failure", "0x80004005"),
  /** The target failed the trust policy (scheme, path, public suffix, trust list); nothing was sent. */
  REJECTED_BY_TRUST_POLICY("rejected-by-trust-policy", "0x800C8209"),
  /**
   * A lookup gave candidate endpoints, which the following attempts of the same method try: SRV records,
   * Active Directory SCP objects, or a last-known-good cache entry. The attempt's inputs list what was found.
   */
  CANDIDATES_FOUND("candidates-found", "0x00000000"),
  /**
   * The method had nothing to consult for this address: no local XML file configured, no Active Directory
   * configured, no SRV record, no directory object, no cache entry. Outlook logs such steps as failed with
   * {@code 0x8004010F}.
   */
  NOT_CONFIGURED("not-configured", "0x8004010F"),
  /**
   * The method was excluded by the request, or the rest of its candidates by a limit of the SDK (such as the
   * cap on DNS SRV targets tried; the detail says which and how many); nothing was sent.
   */
  EXCLUDED("excluded", "0x8004010F"),
  /** The method is not available in this version of the SDK; nothing was sent. */
  NOT_AVAILABLE("not-available", "0x8004010F"),
  /** The attempt was stopped because a higher-priority candidate answered, or the caller cancelled. */
  CANCELLED("cancelled", "0x80004005");

  private final String code;
  private final String outlookStatus;

  AttemptOutcome(String code, String outlookStatus) {
    this.code = code;
    this.outlookStatus = outlookStatus;
  }

  /**
   * Returns the stable name used in JSON, for example {@code rejected-by-trust-policy}.
   *
   * @return the code
   */
  public String code() {
    return code;
  }

  /**
   * Returns the HRESULT that Outlook's log shows for a comparable step (protocol.md §9.2; several of these
   * values are community observations, not Microsoft documentation).
   *
   * @return for example {@code 0x80004005}
   */
  public String outlookStatus() {
    return outlookStatus;
  }
}
