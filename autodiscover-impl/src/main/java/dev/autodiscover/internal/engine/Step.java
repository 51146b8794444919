package dev.autodiscover.internal.engine;

import java.util.List;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.internal.pox.PoxResponse;

/** What a single HTTP exchange (with its 401 round trip and retries) came to. */
sealed interface Step {
  /** The outcome as it appears in the trace. */
  AttemptOutcome outcome();

  /** Settings; {@code userSettings} null for a POX answer (derived from the profile later). */
  record Settings(MailboxSettings settings, dev.autodiscover.@org.jspecify.annotations.Nullable UserSettings userSettings,
      dev.autodiscover.AutodiscoverProtocol protocol) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.SETTINGS;
    }
  }

  record RedirectAddress(String address) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.REDIRECT_ADDRESS;
    }
  }

  record RedirectUrl(String url) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.REDIRECT_URL;
    }
  }

  record HttpRedirect(int status, String location) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.HTTP_REDIRECT;
    }
  }

  /** An Autodiscover error answer; {@code soapErrorCode} names the SOAP code when the answer was SOAP. */
  record Error(PoxResponse.Error error, @org.jspecify.annotations.Nullable String soapErrorCode) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.ERROR_RESPONSE;
    }
  }

  /**
   * Anything else: not found, auth required or failed, transport failures, cancelled. {@code unspoken} when
   * the server answered over HTTP but not in this protocol (an error status, a body that is no answer of
   * this protocol, a SOAP fault): in {@code ProtocolChoice.AUTO} the other protocol is then tried there.
   */
  record Failed(AttemptOutcome outcome, String detail, List<String> authSchemes,
      java.net.@org.jspecify.annotations.Nullable URI authorizationUri, boolean unspoken) implements Step {
    Failed(AttemptOutcome outcome, String detail, List<String> authSchemes) {
      this(outcome, detail, authSchemes, null, false);
    }

    Failed(AttemptOutcome outcome, String detail, List<String> authSchemes,
        java.net.@org.jspecify.annotations.Nullable URI authorizationUri) {
      this(outcome, detail, authSchemes, authorizationUri, false);
    }

    /** The server answered, but not in the protocol it was asked in. */
    static Failed unspoken(String detail) {
      return new Failed(AttemptOutcome.NOT_FOUND, detail, List.of(), null, true);
    }
  }
}
