package dev.autodiscover.internal.engine;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.UserSettings;
import dev.autodiscover.internal.http.HttpTransport.Response;
import dev.autodiscover.internal.pox.PoxResponse;
import dev.autodiscover.internal.soap.SoapCodec;
import dev.autodiscover.internal.soap.SoapMapping;
import dev.autodiscover.internal.soap.SoapResponse;
import dev.autodiscover.internal.soap.SoapResult;
import dev.autodiscover.internal.soap.SoapEndpoints;
import dev.autodiscover.internal.xml.NotAutodiscoverException;
import org.jspecify.annotations.Nullable;

/**
 * The two POST protocols of single discovery: how the request body is written, which URL form each speaks,
 * and how an answer that is not a redirect or a challenge becomes a {@link Step}.
 */
enum Wire {
  /** POX {@code autodiscover.xml} (protocol.md §3). */
  POX(AutodiscoverProtocol.POX),
  /** SOAP {@code GetUserSettings} at {@code autodiscover.svc} (protocol.md §4). */
  SOAP(AutodiscoverProtocol.SOAP);

  /**
   * Statuses saying this URL or request is not served here (no such path, method or media type), unlike
   * server trouble (502, 503, ...), which the other protocol at the same host would meet too.
   */
  private static final java.util.Set<Integer> NOT_SERVED = java.util.Set.of(400, 404, 405, 406, 410, 415, 501);

  private final AutodiscoverProtocol protocol;
  Wire(AutodiscoverProtocol protocol) {
    this.protocol = protocol;
  }

  AutodiscoverProtocol protocol() {
    return protocol;
  }

  Wire other() {
    return this == POX ? SOAP : POX;
  }

  /** The protocol a URL names by its last path segment: SOAP for {@code autodiscover.svc}, else POX. */
  static Wire named(URI url) {
    String path = url.getPath() == null ? "" : url.getPath().toLowerCase(Locale.ROOT);
    return path.endsWith(SoapEndpoints.SOAP_PATH) ? SOAP : POX;
  }

  /**
   * This protocol's form of an https Autodiscover URL (the same service's {@code autodiscover.xml} or
   * {@code autodiscover.svc}): the URL itself, exactly as given, when it already names this protocol; null
   * when no form can be derived.
   */
  @Nullable URI formOf(URI url) {
    String path = url.getPath() == null ? "" : url.getPath().toLowerCase(Locale.ROOT);
    if (path.endsWith(this == SOAP ? SoapEndpoints.SOAP_PATH : SoapEndpoints.POX_PATH)) {
      return url;
    }
    return this == SOAP ? SoapEndpoints.soapUrl(url) : SoapEndpoints.poxUrl(url);
  }

  /** This protocol's request for the context's address. */
  byte[] body(StrategyContext ctx, URI url) {
    Run run = ctx.run();
    return switch (this) {
      case POX -> run.codec().requestBody(ctx.address());
      case SOAP -> run.soapCodec().getUserSettingsRequest(url, List.of(ctx.address().toString()),
          run.request().userSettings(), SoapCodec.DEFAULT_SERVER_VERSION);
    };
  }

  private static Step.Failed failed(int status, String detail) {
    return NOT_SERVED.contains(status) ? Step.Failed.unspoken(detail)
        : new Step.Failed(AttemptOutcome.NOT_FOUND, detail, List.of());
  }

  /**
   * Reads an answer that is neither a redirect nor a challenge. POX wants HTTP 200 with a POX document; SOAP
   * wants 200, or 500 with a fault. A status saying the path is not served (404, 405, ...), a 200 body that
   * is no answer of this protocol, and a SOAP fault are {@link Step.Failed#unspoken}.
   */
  Step read(Run run, Response response) {
    int status = response.status();
    String contentType = response.header("content-type").orElse(null);
    if (this == POX) {
      if (status != 200) {
        return failed(status, "HTTP " + status + ": no Autodiscover service here");
      }
      try {
        PoxResponse pox = run.codec().parse(response.body(), contentType);
        if (pox instanceof PoxResponse.Settings s) {
          return new Step.Settings(s.settings(), null, AutodiscoverProtocol.POX);
        } else if (pox instanceof PoxResponse.RedirectAddress r) {
          return new Step.RedirectAddress(r.address());
        } else if (pox instanceof PoxResponse.RedirectUrl r) {
          return new Step.RedirectUrl(r.url());
        }
        return new Step.Error((PoxResponse.Error) pox, null);
      } catch (NotAutodiscoverException e) {
        return Step.Failed.unspoken("not an Autodiscover answer: " + e.getMessage());
      }
    }
    if (status != 200 && status != 500) {
      return failed(status, "HTTP " + status + ": no SOAP Autodiscover service here");
    }
    SoapResponse<UserSettings> soap;
    try {
      soap = run.soapCodec().parseGetUserSettings(response.body(), contentType);
    } catch (NotAutodiscoverException e) {
      // A 500 whose body is no SOAP fault is server trouble; a 200 that is no SOAP answer is another service.
      String detail = "HTTP " + status + ", not a SOAP Autodiscover answer: " + e.getMessage();
      return status == 200 ? Step.Failed.unspoken(detail) : new Step.Failed(AttemptOutcome.NOT_FOUND, detail, List.of());
    }
    if (soap instanceof SoapResponse.Fault<UserSettings> f) {
      return Step.Failed.unspoken("SOAP fault " + f.code() + ": " + f.reason());
    }
    if (soap instanceof SoapResponse.RequestError<UserSettings> e) {
      // Whole-request errors (ServerBusy, InternalServerError, InvalidRequest): this endpoint cannot help now.
      return new Step.Failed(AttemptOutcome.ERROR_RESPONSE, "SOAP ErrorCode " + e.errorCode()
          + (e.message().isEmpty() ? "" : ": " + e.message()), List.of());
    }
    List<SoapResult<UserSettings>> results = ((SoapResponse.Answer<UserSettings>) soap).results();
    if (results.size() != 1) {
      return new Step.Failed(AttemptOutcome.NOT_FOUND, "SOAP answer with " + results.size()
          + " user responses for a request about one user", List.of());
    }
    SoapResult<UserSettings> result = results.get(0);
    if (result instanceof SoapResult.Settings<UserSettings> s) {
      return new Step.Settings(SoapMapping.mailboxSettings(s.settings()), s.settings(), AutodiscoverProtocol.SOAP);
    } else if (result instanceof SoapResult.RedirectAddress<UserSettings> r) {
      return new Step.RedirectAddress(r.address());
    } else if (result instanceof SoapResult.RedirectUrl<UserSettings> r) {
      return new Step.RedirectUrl(r.url());
    }
    SoapResult.Error<UserSettings> e = (SoapResult.Error<UserSettings>) result;
    if (e.errorCode().equals("InvalidDomain") || e.errorCode().equals("InternalServerError")
        || e.errorCode().equals("ServerBusy")) {
      // Not an answer about the user: another candidate may still know them (protocol.md §4.7).
      return new Step.Failed(AttemptOutcome.ERROR_RESPONSE, "SOAP ErrorCode " + e.errorCode() + " for the user"
          + (e.message().isEmpty() ? "" : ": " + e.message()), List.of());
    }
    return new Step.Error(new PoxResponse.Error(SoapMapping.poxErrorCode(e.errorCode()),
        e.message().isEmpty() ? null : e.message(), null, null, null), e.errorCode());
  }
}
