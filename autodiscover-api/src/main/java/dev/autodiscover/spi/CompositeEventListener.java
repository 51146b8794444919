package dev.autodiscover.spi;

import java.net.URI;
import java.util.List;
import java.util.function.Consumer;
import dev.autodiscover.Attempt;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.AutodiscoverResult;
import dev.autodiscover.DiscoveryMethod;
import dev.autodiscover.DomainSettingsResult;
import dev.autodiscover.EmailAddress;

/** Forwards events to several listeners; one that throws is logged and skipped. */
final class CompositeEventListener implements AutodiscoverEventListener {
  private static final System.Logger LOG = System.getLogger(CompositeEventListener.class.getName());

  private final List<AutodiscoverEventListener> listeners;

  CompositeEventListener(List<AutodiscoverEventListener> listeners) {
    this.listeners = listeners;
  }

  private void each(Consumer<AutodiscoverEventListener> event) {
    for (AutodiscoverEventListener l : listeners) {
      try {
        event.accept(l);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.WARNING, "Autodiscover event listener " + l.getClass().getName() + " threw", e);
      }
    }
  }

  @Override
  public void runStart(long runId, EmailAddress address) {
    each(l -> l.runStart(runId, address));
  }

  @Override
  public void attemptStart(long runId, long attemptId, DiscoveryMethod method, String httpMethod, URI url) {
    each(l -> l.attemptStart(runId, attemptId, method, httpMethod, url));
  }

  @Override
  public void redirect(long runId, DiscoveryMethod method, String from, String to, boolean followed, String reason) {
    each(l -> l.redirect(runId, method, from, to, followed, reason));
  }

  @Override
  public void attemptEnd(long runId, long attemptId, Attempt attempt) {
    each(l -> l.attemptEnd(runId, attemptId, attempt));
  }

  @Override
  public void runEnd(long runId, AutodiscoverResult result) {
    each(l -> l.runEnd(runId, result));
  }

  @Override
  public void runFailed(long runId, AutodiscoverException failure) {
    each(l -> l.runFailed(runId, failure));
  }

  @Override
  public void batchStart(long runId, int addresses) {
    each(l -> l.batchStart(runId, addresses));
  }

  @Override
  public void batchEnd(long runId, int resolved, int failed) {
    each(l -> l.batchEnd(runId, resolved, failed));
  }

  @Override
  public void domainSettingsStart(long runId, EmailAddress address) {
    each(l -> l.domainSettingsStart(runId, address));
  }

  @Override
  public void domainSettingsEnd(long runId, DomainSettingsResult result) {
    each(l -> l.domainSettingsEnd(runId, result));
  }

  @Override
  public void domainSettingsFailed(long runId, AutodiscoverException failure) {
    each(l -> l.domainSettingsFailed(runId, failure));
  }
}
