package dev.autodiscover.internal.batch;

import dev.autodiscover.access.ApiAccess;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import dev.autodiscover.Attempt;
import dev.autodiscover.AttemptOutcome;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverNotFoundException;
import dev.autodiscover.AutodiscoverProtocol;
import dev.autodiscover.AutodiscoverRedirectException;
import dev.autodiscover.AutodiscoverRequest;
import dev.autodiscover.EmailAddress;
import dev.autodiscover.InvalidEmailAddressException;
import dev.autodiscover.SettingsCache;
import dev.autodiscover.internal.batch.BatchParts.Domain;
import dev.autodiscover.internal.batch.BatchParts.Pending;
import dev.autodiscover.internal.env.AddressChange;
import dev.autodiscover.internal.pipeline.RedirectGuard;
import dev.autodiscover.internal.soap.SoapEndpoints;

/**
 * What a {@link BatchRun} does with users the SOAP answer did not settle: {@code RedirectUrl} and HTTP
 * redirects (decided by the domain's {@link RedirectGuard}), {@code RedirectAddress} answers, and the
 * one-by-one fallback of an endpoint without SOAP. Not thread-safe on its own; called by its run.
 */
final class BatchFollowUps {
  private final BatchRun run;

  BatchFollowUps(BatchRun run) {
    this.run = run;
  }

  void redirectUrl(Domain domain, URI from, String location, List<Pending> users, int hops) {
    URI resolved = RedirectGuard.resolve(from, location);
    URI soap = resolved == null ? null : SoapEndpoints.soapRedirectTarget(resolved);
    int max = run.env().maxRedirects();
    List<Pending> allowed = new ArrayList<>();
    for (Pending p : users) {
      RedirectGuard.Verdict verdict = domain.guard().check(domain.method(), p.member().address(), from, location,
          soap, "'" + location + "' is not an Autodiscover URL", hops - 1, max, max, p.path(),
          RedirectGuard.Link.POST);
      if (verdict instanceof RedirectGuard.Verdict.Follow) {
        allowed.add(p);
        continue;
      }
      RedirectGuard.Verdict.Stopped stopped = (RedirectGuard.Verdict.Stopped) verdict;
      if (stopped.stop() == RedirectGuard.Verdict.Stop.LIMIT) {
        run.fail(p, ApiAccess.get().redirect("more than " + max + " redirects for " + p.member().address()
            + "; raise maxRedirects if this chain is expected", AttemptTrace.of(p.attempts()),
            AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, List.of(from.toString(), location)), List.of());
        continue;
      }
      Pending next = p.plus(Attempt.builder(domain.method(), AttemptOutcome.REJECTED_BY_TRUST_POLICY)
          .address(p.member().address()).url(stopped.target() == null ? resolved : stopped.target())
          .timing(run.recorder().elapsed(), Duration.ZERO).protocol(AutodiscoverProtocol.SOAP)
          .detail("redirect to " + location + " refused: " + stopped.reason()).build());
      run.fail(next, stopped.stop() == RedirectGuard.Verdict.Stop.LOOP
          ? ApiAccess.get().redirect("the redirects for " + p.member().address() + " lead back to " + soap
              + ", which was already asked: a redirect loop", AttemptTrace.of(next.attempts()),
              AutodiscoverRedirectException.Reason.LOOP, List.of(from.toString(), String.valueOf(soap)))
          : ApiAccess.get().notFound("the server redirected " + p.member().address() + " to " + location
              + ", which was refused: " + stopped.reason(), AttemptTrace.of(next.attempts())), List.of());
    }
    if (!allowed.isEmpty() && soap != null) {
      run.post(domain, soap, allowed, hops, false);
    }
  }

  void redirectAddress(Domain domain, Pending p, URI from, String target, int hops) {
    int budget = run.env().maxRedirects() - hops;
    EmailAddress address;
    try {
      address = EmailAddress.parse(target);
    } catch (InvalidEmailAddressException e) {
      run.fail(p, ApiAccess.get().notFound("the server redirected " + p.member().address() + " to '" + target
          + "', which is not a valid address", AttemptTrace.of(p.attempts())), List.of());
      return;
    }
    if (budget < 0) {
      run.fail(p, ApiAccess.get().redirect("more than " + run.env().maxRedirects() + " redirects for "
          + p.member().address() + "; raise maxRedirects if this chain is expected", AttemptTrace.of(p.attempts()),
          AutodiscoverRedirectException.Reason.LIMIT_EXCEEDED, List.of(p.member().address().toString(), target)),
          List.of());
      return;
    }
    AutodiscoverRequest request;
    try {
      request = run.subRun(run.batch().requestFor(address));
    } catch (RuntimeException e) {
      run.abort(e);
      return;
    }
    run.one(domain.lane(), p, request, run.subEnv().withMaxRedirects(budget)
        .withAddressChange(new AddressChange(p.member().address(), address, from, domain.method())));
  }

  void fallback(Domain domain, List<Pending> users) {
    SettingsCache cache = domain.fallbackCache();
    URI pox = SoapEndpoints.poxUrl(domain.endpoint());
    if (pox != null) {
      cache.storeEndpoint(domain.probe().address(), pox, AutodiscoverProtocol.POX, domain.method());
    }
    for (Pending p : users) {
      AutodiscoverRequest request;
      try {
        request = run.subRun(run.batch().requestFor(p.member().address()).lastKnownGoodFirst(true));
      } catch (RuntimeException e) {
        run.abort(e);
        return;
      }
      run.one(domain.lane(), p, request, run.subEnv().withCache(cache));
    }
  }
}
