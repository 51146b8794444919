package dev.autodiscover.internal.batch;

import dev.autodiscover.internal.pipeline.SettingsUrls;
import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverErrorResponseException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.BatchRequest;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.pipeline.AuthenticatedExchange;
import dev.autodiscover.internal.pipeline.Posted;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.pipeline.TraceRecorder;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import org.jspecify.annotations.Nullable;

/** The values a {@link BatchRun} passes around, and the stateless helpers that build its attempts and errors. */
final class BatchParts {
  private BatchParts() {}

  /** An address of the batch and its position in the input. */
  record Member(int index, String input, EmailAddress address) {}

  /** A member on its way, with the attempts that concern it so far and the SOAP URLs of its chain. */
  record Pending(Member member, List<Attempt> attempts, List<String> path) {
    Pending plus(Attempt attempt) {
      List<Attempt> all = new ArrayList<>(attempts);
      all.add(attempt);
      return new Pending(member, all, path);
    }

    Pending at(URI url) {
      List<String> all = new ArrayList<>(path);
      all.add(url.toString());
      return new Pending(member, attempts, all);
    }
  }

  /**
   * What the batch knows about a domain once its endpoint (POX, SOAP or v2 URL) is found: its lane (connections and
   * permits), the guard of its redirects (whose {@code approvedHosts} start with the hosts the caller's validator
   * approved during the domain's discovery) and the cache of its one-by-one fallback. Unreachable once the domain's
   * last address has its item.
   */
  record Domain(URI endpoint, DiscoveryMethod method, AutodiscoverRequest request, Member probe,
      BatchLanes.Lane lane, RedirectGuard guard, SettingsCache fallbackCache) {}


  /** The settings attempt of one user; names the settings URLs the typed accessors refuse. */
  static Attempt settings(Posted<SoapResponse<UserSettings>> ex, Pending p, String what, UserSettings settings,
      BatchValues values) {
    return attempt(ex, p, AttemptOutcome.SETTINGS)
        .detail(values.textOrNull(SettingsUrls.join(what, SettingsUrls.refused(null, settings)))).build();
  }

  static Attempt.Builder attempt(Posted<SoapResponse<UserSettings>> ex, Pending p, AttemptOutcome outcome) {
    return ex.inFlight().builder(outcome).address(p.member().address()).httpStatus(ex.r().status())
        .authSchemes(ex.schemes()).authorizationUri(ex.r().authorizationUri()).retries(ex.r().retries())
        .protocol(AutodiscoverProtocol.SOAP);
  }

  /** The attempt the listener gets for a whole SOAP post (the users' traces get one each). */
  static Attempt summary(Posted<SoapResponse<UserSettings>> ex, int users) {
    AuthenticatedExchange.Outcome<SoapResponse<UserSettings>> o = ex.r().outcome();
    AttemptOutcome outcome = o instanceof AuthenticatedExchange.Failed<SoapResponse<UserSettings>> f ? f.outcome()
        : o instanceof AuthenticatedExchange.Redirect ? AttemptOutcome.HTTP_REDIRECT
        : ((AuthenticatedExchange.Answer<SoapResponse<UserSettings>>) o).value() instanceof SoapResponse.Answer
            ? AttemptOutcome.SETTINGS : ((AuthenticatedExchange.Answer<SoapResponse<UserSettings>>) o).value()
                instanceof SoapResponse.RequestError ? AttemptOutcome.ERROR_RESPONSE : AttemptOutcome.NOT_FOUND;
    return ex.inFlight().builder(outcome).httpStatus(ex.r().status()).authSchemes(ex.schemes())
        .authorizationUri(ex.r().authorizationUri()).retries(ex.r().retries()).protocol(AutodiscoverProtocol.SOAP)
        .detail("SOAP GetUserSettings for " + users + (users == 1 ? " user" : " users")).build();
  }

  static AutodiscoverErrorResponseException errorResponse(Pending p, URI url, String code, String message,
      String summary) {
    return ApiAccess.get().errorResponse("SOAP Autodiscover ErrorCode " + code + ": " + summary
        + (message.isBlank() ? "" : " (" + message + ")"), AttemptTrace.of(p.attempts()), SoapMapping.poxErrorCode(code),
        message.isBlank() ? null : message, null, null, null, url, code);
  }

  /** An input of the batch, parsed once: its address, or why it is none (a failed item when the batch starts). */
  record Input(String text, @Nullable EmailAddress address, dev.autodiscover.@Nullable InvalidEmailAddressException error) {}

  /** Every input, in order, parsed; the addresses of a domain share its name through {@code values}. */
  static List<Input> parse(BatchRequest batch, BatchValues values) {
    List<Input> parsed = new java.util.ArrayList<>(batch.inputs().size());
    for (String input : batch.inputs()) {
      try {
        parsed.add(new Input(input, values.address(EmailAddress.parse(input)), null));
      } catch (dev.autodiscover.InvalidEmailAddressException e) {
        parsed.add(new Input(input, null, e));
      }
    }
    return parsed;
  }

  /** The addresses among parsed inputs. */
  static List<EmailAddress> addresses(List<Input> inputs) {
    return inputs.stream().map(Input::address).filter(java.util.Objects::nonNull).toList();
  }
}
