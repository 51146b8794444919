package dev.autodiscover.internal.dns;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import org.xbill.DNS.EDNSOption;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.TSIG;

/**
 * A resolver that gives up on one try exactly when its timeout expires. dnsjava's NIO selector looks at
 * pending queries only when it wakes up, which can be up to a second late; a timeout of 200 ms could then
 * take 1.2 s per try. The wrapped resolver keeps the same timeout, so it releases its socket soon after.
 */
final class PerTryTimeoutResolver implements Resolver {
  private final Resolver delegate;
  private volatile Duration timeout;

  PerTryTimeoutResolver(Resolver delegate, Duration timeout) {
    this.delegate = delegate;
    this.timeout = timeout;
    delegate.setTimeout(timeout);
  }

  @Override
  public void setPort(int port) {
    delegate.setPort(port);
  }

  @Override
  public void setTCP(boolean flag) {
    delegate.setTCP(flag);
  }

  @Override
  public void setIgnoreTruncation(boolean flag) {
    delegate.setIgnoreTruncation(flag);
  }

  @Override
  public void setEDNS(int version, int payloadSize, int flags, List<EDNSOption> options) {
    delegate.setEDNS(version, payloadSize, flags, options);
  }

  @Override
  public void setTSIGKey(TSIG key) {
    delegate.setTSIGKey(key);
  }

  @Override
  public void setTimeout(Duration timeout) {
    this.timeout = timeout;
    delegate.setTimeout(timeout);
  }

  @Override
  public Duration getTimeout() {
    return timeout;
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query) {
    return sendAsync(query, ForkJoinPool.commonPool());
  }

  @Override
  public CompletionStage<Message> sendAsync(Message query, Executor executor) {
    // copy(): the timeout completes our view of the answer, not the future dnsjava itself completes.
    return delegate.sendAsync(query, executor).toCompletableFuture().copy()
        .orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
  }

  @Override
  public String toString() {
    return delegate.toString();
  }
}
