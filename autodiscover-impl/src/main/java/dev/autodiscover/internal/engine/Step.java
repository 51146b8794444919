package dev.autodiscover.internal.engine;

import java.util.List;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.MailboxSettings;
import dev.autodiscover.internal.pox.PoxResponse;

/** What a single HTTP exchange (with its 401 round trip and retries) came to. */
sealed interface Step {
  /** The outcome as it appears in the trace. */
  AttemptOutcome outcome();

  record Settings(MailboxSettings settings) implements Step {
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

  record Error(PoxResponse.Error error) implements Step {
    @Override
    public AttemptOutcome outcome() {
      return AttemptOutcome.ERROR_RESPONSE;
    }
  }

  /** Anything else: not found, auth required or failed, transport failures, cancelled. */
  record Failed(AttemptOutcome outcome, String detail, List<String> authSchemes,
      java.net.@org.jspecify.annotations.Nullable URI authorizationUri) implements Step {
    Failed(AttemptOutcome outcome, String detail, List<String> authSchemes) {
      this(outcome, detail, authSchemes, null);
    }
  }
}
