package dev.autodiscover;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.jspecify.annotations.Nullable;

/**
 * One step of a discovery run: a request sent (or deliberately not sent) for one candidate, and what came
 * of it.
 *
 * <p>An attempt never holds a secret: no credentials, tokens or {@code Authorization} headers. Build one
 * with {@link #builder(DiscoveryMethod, AttemptOutcome)}. Immutable.
 */
public final class Attempt {
  private final AttemptFields fields;

  private Attempt(AttemptFields fields) {
    this.fields = fields;
  }

  /**
   * Starts building an attempt.
   *
   * @param method the discovery method the attempt belongs to
   * @param outcome what it came to
   * @return a builder
   */
  public static Builder builder(DiscoveryMethod method, AttemptOutcome outcome) {
    return new Builder(method, outcome);
  }

  /**
   * Returns the discovery method the attempt belongs to.
   *
   * @return the method
   */
  public DiscoveryMethod method() {
    return fields.method;
  }

  /**
   * Returns what the attempt came to.
   *
   * @return the outcome
   */
  public AttemptOutcome outcome() {
    return fields.outcome;
  }

  /**
   * Returns the address the request was made for (changes after a {@code redirectAddr}).
   *
   * @return the address, or empty for steps not tied to one
   */
  public Optional<EmailAddress> address() {
    return Optional.ofNullable(fields.address);
  }

  /**
   * Returns the URL contacted or considered.
   *
   * @return the URL, or empty for excluded and unavailable methods
   */
  public Optional<URI> url() {
    return Optional.ofNullable(fields.url);
  }

  /**
   * Returns the HTTP method used ({@code POST} or {@code GET}).
   *
   * @return the method, or empty when nothing was sent
   */
  public Optional<String> httpMethod() {
    return Optional.ofNullable(fields.httpMethod);
  }

  /**
   * Returns the HTTP status of the last response received.
   *
   * @return the status, or empty when no HTTP response arrived (Outlook logs {@code httpStatus=0})
   */
  public OptionalInt httpStatus() {
    return fields.httpStatus == 0 ? OptionalInt.empty() : OptionalInt.of(fields.httpStatus);
  }

  /**
   * Returns a human-readable explanation: the transport error, why a redirect was refused, and so on.
   *
   * @return the detail, or empty
   */
  public Optional<String> detail() {
    return Optional.ofNullable(fields.detail);
  }

  /**
   * Returns the authentication schemes the server offered in {@code WWW-Authenticate} (scheme names only).
   *
   * @return an unmodifiable list, empty when there was no challenge
   */
  public List<String> authSchemes() {
    return fields.authSchemes;
  }

  /**
   * Returns the Autodiscover {@code ErrorCode} of an error answer.
   *
   * @return the code, or empty
   */
  public Optional<Integer> errorCode() {
    return Optional.ofNullable(fields.errorCode);
  }

  /**
   * Returns the Autodiscover error {@code Message} of an error answer.
   *
   * @return the message, or empty
   */
  public Optional<String> errorMessage() {
    return Optional.ofNullable(fields.errorMessage);
  }

  /**
   * Returns where a redirect pointed: a URL for HTTP redirects and {@code redirectUrl}, an address for
   * {@code redirectAddr}.
   *
   * @return the target, or empty
   */
  public Optional<String> redirectTarget() {
    return Optional.ofNullable(fields.redirectTarget);
  }

  /**
   * Returns how many times the request was repeated after a timeout.
   *
   * @return the retry count, zero or more
   */
  public int retries() {
    return fields.retries;
  }

  /**
   * Returns when the attempt started, measured from the start of the discovery run.
   *
   * @return the offset, never negative
   */
  public Duration startOffset() {
    return fields.startOffset();
  }

  /**
   * Returns how long the attempt took, retries included.
   *
   * @return the duration, never negative
   */
  public Duration duration() {
    return fields.duration();
  }

  /**
   * Returns the discovery round: 0 for the original address, one more after each {@code redirectAddr}.
   *
   * @return the round
   */
  public int round() {
    return fields.round;
  }

  /**
   * Returns what the step consulted, one line each: the DNS records of an SRV answer, the directory server
   * and SCP objects of an Active Directory lookup, the path of a local XML file, the cache entry and its
   * age. Empty for plain HTTP exchanges.
   *
   * @return an unmodifiable list, never null
   */
  public List<String> inputs() {
    return fields.inputs;
  }

  /**
   * Returns the {@code authorization_uri} of a Bearer challenge (protocol.md §7.4): where the caller can get
   * a token for this server (Exchange Online answers its POX and SOAP endpoints with such a challenge).
   *
   * @return the URI, or empty when the server sent no Bearer challenge with one
   */
  public Optional<URI> authorizationUri() {
    return Optional.ofNullable(fields.authorizationUri);
  }

  /**
   * Returns the Autodiscover wire protocol the request spoke (POX, SOAP or v2 JSON).
   *
   * @return the protocol, or empty for steps that sent no Autodiscover request (DNS, directory, file, cache,
   *     the anonymous redirect probe)
   */
  public Optional<AutodiscoverProtocol> protocol() {
    return Optional.ofNullable(fields.protocol);
  }

  /**
   * Returns Outlook's HRESULT for a comparable step.
   *
   * @return for example {@code 0x80004005}
   */
  public String outlookStatus() {
    return fields.outcome.outlookStatus();
  }

  /**
   * Returns a one-line description.
   *
   * @return the description, with network text escaped as {@link PrintableText#escape(CharSequence)} does
   */
  @Override
  public String toString() {
    return fields.describe();
  }

  /** Builds an {@link Attempt}. Not thread-safe. */
  public static final class Builder {
    private final AttemptFields draft;

    private Builder(DiscoveryMethod method, AttemptOutcome outcome) {
      this.draft = new AttemptFields(method, outcome);
    }

    /**
     * Sets the address.
     *
     * @param address the address, or null
     * @return this builder
     */
    public Builder address(@Nullable EmailAddress address) {
      draft.address = address;
      return this;
    }

    /**
     * Sets the URL.
     *
     * @param url the URL, or null
     * @return this builder
     */
    public Builder url(@Nullable URI url) {
      draft.url = url;
      return this;
    }

    /**
     * Sets the HTTP method.
     *
     * @param httpMethod {@code GET} or {@code POST}, or null when nothing was sent
     * @return this builder
     */
    public Builder httpMethod(@Nullable String httpMethod) {
      draft.httpMethod = httpMethod;
      return this;
    }

    /**
     * Sets the HTTP status.
     *
     * @param httpStatus the status, or 0 when no response arrived
     * @return this builder
     * @throws IllegalArgumentException if not 0 and not in 100..599
     */
    public Builder httpStatus(int httpStatus) {
      draft.httpStatus = AttemptFields.checkHttpStatus(httpStatus);
      return this;
    }

    /**
     * Sets the detail; must not contain secrets.
     *
     * @param detail the explanation, or null
     * @return this builder
     */
    public Builder detail(@Nullable String detail) {
      draft.detail = detail;
      return this;
    }

    /**
     * Sets the offered authentication scheme names.
     *
     * @param authSchemes scheme names such as {@code Negotiate}, {@code Basic}
     * @return this builder
     */
    public Builder authSchemes(List<String> authSchemes) {
      draft.authSchemes = List.copyOf(authSchemes);
      return this;
    }

    /**
     * Sets the Autodiscover error of an error answer.
     *
     * @param errorCode the {@code ErrorCode}, or null
     * @param errorMessage the {@code Message}, or null
     * @return this builder
     */
    public Builder error(@Nullable Integer errorCode, @Nullable String errorMessage) {
      draft.error(errorCode, errorMessage);
      return this;
    }

    /**
     * Sets where a redirect pointed.
     *
     * @param redirectTarget a URL or an address, or null
     * @return this builder
     */
    public Builder redirectTarget(@Nullable String redirectTarget) {
      draft.redirectTarget = redirectTarget;
      return this;
    }

    /**
     * Sets the number of retries after timeouts.
     *
     * @param retries zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder retries(int retries) {
      draft.retries = AttemptFields.checkNotNegative("retries", retries);
      return this;
    }

    /**
     * Sets when the attempt started and how long it took.
     *
     * @param startOffset time from the start of the run
     * @param duration time taken
     * @return this builder
     * @throws IllegalArgumentException if either is negative
     */
    public Builder timing(Duration startOffset, Duration duration) {
      draft.timing(startOffset, duration);
      return this;
    }

    /**
     * Sets the discovery round.
     *
     * @param round zero or more
     * @return this builder
     * @throws IllegalArgumentException if negative
     */
    public Builder round(int round) {
      draft.round = AttemptFields.checkNotNegative("round", round);
      return this;
    }

    /**
     * Sets what the step consulted (DNS records, directory objects, a file path, a cache entry); must not
     * contain secrets.
     *
     * @param inputs one line each
     * @return this builder
     * @throws NullPointerException if the list or an element is null
     */
    public Builder inputs(List<String> inputs) {
      draft.inputs = List.copyOf(inputs);
      return this;
    }

    /**
     * Sets the {@code authorization_uri} of the server's Bearer challenge.
     *
     * @param authorizationUri the URI, or null
     * @return this builder
     */
    public Builder authorizationUri(@Nullable URI authorizationUri) {
      draft.authorizationUri = authorizationUri;
      return this;
    }

    /**
     * Sets the wire protocol the request spoke.
     *
     * @param protocol the protocol, or null when the step sent no Autodiscover request
     * @return this builder
     */
    public Builder protocol(@Nullable AutodiscoverProtocol protocol) {
      draft.protocol = protocol;
      return this;
    }

    /**
     * Builds the attempt.
     *
     * @return the attempt
     */
    public Attempt build() {
      return new Attempt(draft.copy());
    }
  }
}
