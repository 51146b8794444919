package dev.autodiscover.internal.http;

import java.lang.reflect.Method;
import java.net.ProxySelector;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;
import dev.autodiscover.internal.DaemonThreads;
import dev.autodiscover.internal.FatalErrors;
import dev.autodiscover.internal.Lazy;
import org.jspecify.annotations.Nullable;

/**
 * The shared {@link HttpClient} of an Autodiscover client, made when first needed (a run that never speaks HTTP
 * never pays for it) and shut down with the client, and the short-lived clients of batch lanes
 * ({@link #newLane()}). Every client shares one SSL context (so TLS sessions resume across them), one
 * {@link TlsLiveness} and the owner's scheduler for attempt timeouts. Thread-safe.
 */
public final class HttpClients {
  private static final String CLOSED = "the Autodiscover client is closed";
  private final @Nullable ProxySelector proxy;
  private final @Nullable SSLContext ssl;
  private final Duration connectTimeout;
  private final ScheduledExecutorService timers;
  private final TlsLiveness liveness = new TlsLiveness();
  private final Lazy<SSLContext> observed = Lazy.of(this::observedSslContext);
  /** Runs the lanes' HTTP work: one pool for every lane, not a thread pool per short-lived client. */
  private final Lazy<ExecutorService> laneThreads = Lazy.of(this::newLaneThreads);
  private final FatalErrors fatal;
  private volatile @Nullable HttpTransport transport;
  /** The making of {@link #transport} under way, or the last one (done or failed); guarded by this. */
  private @Nullable Making pending;
  private volatile boolean closed;

  /**
   * Settings of the client's transport.
   *
   * @param proxy the proxy selector, or null for the JDK's default
   * @param ssl the SSL context, or null for the JDK's default
   * @param connectTimeout the connect timeout
   * @param timers the owner's scheduler, for attempt timeouts; it should remove cancelled tasks
   */
  public HttpClients(@Nullable ProxySelector proxy, @Nullable SSLContext ssl, Duration connectTimeout,
      ScheduledExecutorService timers) {
    this(proxy, ssl, connectTimeout, timers, new FatalErrors());
  }

  /**
   * Settings of the client's transport, with the owner's record of fatal errors.
   *
   * @param proxy the proxy selector, or null for the JDK's default
   * @param ssl the SSL context, or null for the JDK's default
   * @param connectTimeout the connect timeout
   * @param timers the owner's scheduler, for attempt timeouts; it should remove cancelled tasks
   * @param fatal where an {@link Error} escaping the lanes' threads is recorded
   */
  public HttpClients(@Nullable ProxySelector proxy, @Nullable SSLContext ssl, Duration connectTimeout,
      ScheduledExecutorService timers, FatalErrors fatal) {
    this.fatal = fatal;
    this.proxy = proxy;
    this.ssl = ssl;
    this.connectTimeout = connectTimeout;
    this.timers = timers;
  }

  /**
   * The transport, made on first use: on this thread, also when a making started elsewhere has not begun to run yet
   * (its executor's threads may all be busy, or be this one); only a making already running is waited for.
   *
   * @return the transport
   * @throws IllegalStateException if closed
   */
  public HttpTransport transport() {
    HttpTransport t = transport;
    if (t != null) {
      return t;
    }
    return await(making(null).future);
  }

  /**
   * Waits for a transport being made ({@link #whenReady}) and returns it, rethrowing what made it fail as it is.
   *
   * @param making the transport's future
   * @return the transport
   * @throws IllegalStateException if the clients were closed first; or what making the transport threw
   */
  public static HttpTransport await(CompletableFuture<HttpTransport> making) {
    try {
      return making.join();
    } catch (java.util.concurrent.CompletionException e) {
      Throwable cause = TransportFailure.unwrap(e);
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw e;
    }
  }

  /**
   * The transport once it is made, without waiting for it: a completed future when it is made, else the one its
   * maker completes; the making is started on {@code executor} if nobody has started it.
   *
   * @param executor makes the transport if it is not being made
   * @return completes with the transport, or exceptionally with {@link IllegalStateException} when the clients are
   *     (or become) closed first, with what making it threw, or with the executor's refusal
   */
  public CompletableFuture<HttpTransport> whenReady(Executor executor) {
    HttpTransport t = transport;
    return t != null ? CompletableFuture.completedFuture(t) : making(executor).future;
  }

  /**
   * Starts making the transport on {@code executor} unless it is made or being made (or the clients are closed), so
   * that it is ready, or nearly, when the first request goes out; for example while the caller checks the first
   * address.
   *
   * @param executor runs the work; a refused task changes nothing (the transport is then made on first use)
   */
  public void prefetch(Executor executor) {
    if (transport == null && !closed) {
      making(executor);
    }
  }

  /**
   * The making of the transport: the one under way, or a new one started on {@code executor}. With a null executor
   * this thread makes it, unless a making has begun to run. The lock is held only to pick the making, never while
   * the JDK client is made.
   */
  private Making making(@Nullable Executor executor) {
    Making m;
    boolean fresh = false;
    synchronized (this) {
      if (closed) {
        return Making.ended(CompletableFuture.failedFuture(new IllegalStateException(CLOSED)));
      }
      HttpTransport t = transport;
      if (t != null) {
        return Making.ended(CompletableFuture.completedFuture(t));
      }
      m = pending;
      if (m == null || m.future.isCompletedExceptionally()) {
        m = new Making(this);
        pending = m;
        fresh = true;
      }
    }
    if (executor == null) {
      m.run(); // a no-op if the making has begun on another thread
    } else if (fresh) {
      try {
        executor.execute(m);
      } catch (RuntimeException refused) {
        m.refuse(refused); // the executor is shut down: the client is closing; a later call tries again
      }
    }
    return m;
  }

  /** One making of the transport: run once, by its executor's task or by a caller that needs it first. */
  private static final class Making implements Runnable {
    final CompletableFuture<HttpTransport> future;
    private final @Nullable HttpClients owner;
    private final java.util.concurrent.atomic.AtomicBoolean claimed;

    private Making(@Nullable HttpClients owner, CompletableFuture<HttpTransport> future, boolean claimed) {
      this.owner = owner;
      this.future = future;
      this.claimed = new java.util.concurrent.atomic.AtomicBoolean(claimed);
    }

    Making(HttpClients owner) {
      this(owner, new CompletableFuture<>(), false);
    }

    /** A making with nothing left to do: its future is already complete. */
    static Making ended(CompletableFuture<HttpTransport> done) {
      return new Making(null, done, true);
    }

    @Override
    public void run() {
      if (owner != null && claimed.compareAndSet(false, true)) {
        owner.make(future);
      }
    }

    void refuse(RuntimeException refused) {
      if (claimed.compareAndSet(false, true)) {
        future.completeExceptionally(refused);
      }
    }
  }

  private void make(CompletableFuture<HttpTransport> f) {
    HttpTransport t;
    try {
      t = create();
    } catch (RuntimeException | Error e) {
      f.completeExceptionally(e); // the next call tries again
      return;
    }
    boolean closedMeanwhile;
    synchronized (this) {
      closedMeanwhile = closed;
      if (!closedMeanwhile) {
        transport = t;
      }
    }
    if (closedMeanwhile) {
      shutDown(t);
      f.completeExceptionally(new IllegalStateException(CLOSED));
    } else {
      f.complete(t);
    }
  }

  /**
   * A new JDK client of its own, with the shared settings and threads, for one lane of a batch: it closes each
   * connection once its response is read (see {@link HttpTransport}), so that it keeps no idle connection and can
   * simply be dropped when the lane is done.
   *
   * @return the lane's transport
   * @throws IllegalStateException if closed
   */
  public HttpTransport newLane() {
    if (closed) {
      throw new IllegalStateException(CLOSED);
    }
    return create(true);
  }

  /**
   * Makes this owner's shared HTTP client if it is not made yet, and a TLS ClientHello in memory with that client's
   * SSL context and parameters, so that the JDK's TLS classes and key-share code have run once before the first real
   * handshake. Sends nothing: the engine is dropped after its first record.
   *
   * @throws IllegalStateException if closed
   * @throws javax.net.ssl.SSLException if the JDK cannot make the ClientHello
   */
  public void warmUp() throws javax.net.ssl.SSLException {
    HttpClient client = transport().client();
    javax.net.ssl.SSLEngine engine = client.sslContext().createSSLEngine("warm-up.invalid", 443);
    engine.setUseClientMode(true);
    engine.setSSLParameters(client.sslParameters());
    java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
    engine.wrap(java.nio.ByteBuffer.allocate(0), out);
    TlsWarmUp.runTasks(engine);
    engine.closeOutbound();
  }

  /**
   * Where an {@link Error} escaping work the JDK runs for a lane client (where no future of ours would see it), or
   * ending one of the lanes' threads, is recorded.
   *
   * @return the owner's record of fatal errors
   */
  public FatalErrors fatalErrors() {
    return fatal;
  }

  private ExecutorService newLaneThreads() {
    return Executors.newCachedThreadPool(new DaemonThreads("autodiscover-http-", new AtomicInteger(), fatal));
  }

  private HttpTransport create() {
    return create(false);
  }

  private HttpTransport create(boolean lane) {
    HttpClient.Builder b = HttpClient.newBuilder()
        .followRedirects(HttpClient.Redirect.NEVER)
        .connectTimeout(connectTimeout);
    if (proxy != null) {
      b.proxy(proxy);
    }
    b.sslContext(observed.get());
    if (lane) {
      // One pool for all lanes: a JDK default pool per client would keep idle threads, and the client, alive. An
      // Error escaping the JDK's own work (an OutOfMemoryError, say) would end only that thread: record it for the
      // batches, without allocating (FatalErrors), and let it end the thread.
      ExecutorService threads = laneThreads.get();
      b.executor(task -> threads.execute(fatal.guard(task)));
    }
    return new HttpTransport(b.build(), liveness, timers, lane);
  }

  /** The SSL context every client of this owner shares, wrapped to note TLS liveness. */
  private SSLContext observedSslContext() {
    SSLContext context = ssl;
    if (context == null) {
      try {
        context = SSLContext.getDefault(); // honours the javax.net.ssl.* system properties
      } catch (java.security.NoSuchAlgorithmException e) {
        throw new IllegalStateException("the JDK has no default SSL context", e);
      }
    }
    return ObservedSslContext.wrap(context, liveness);
  }

  /**
   * Shuts the HTTP client down: {@code shutdownNow} on JDK 21 and later; before, its selector thread is interrupted,
   * which closes its connections and ends the thread (see {@link SelectorThread}). Idempotent.
   */
  public void close() {
    HttpTransport t;
    Making p;
    synchronized (this) {
      closed = true;
      t = transport;
      transport = null;
      p = pending;
    }
    if (p != null) {
      // a making still queued may never run now (its executor is shut down too): nobody may wait for it
      p.future.completeExceptionally(new IllegalStateException(CLOSED));
    }
    if (t != null) {
      t.close(); // cancelled exchanges still given their grace: aborted now, not by the scheduler being shut down
      shutDown(t);
    }
    if (laneThreads.isMade()) {
      laneThreads.get().shutdownNow();
    }
  }

  /**
   * Closes a transport's connections and selector thread, aborting its exchanges in flight: on JDK 21 and later
   * with {@code shutdownNow}; on 17 to 20, which have no API for it, by interrupting the client's selector thread
   * ({@link SelectorThread}), after which the JDK closes its connections. Idempotent.
   *
   * @param t the transport to shut down
   * @return whether the JDK could shut it down
   */
  public static boolean shutDown(HttpTransport t) {
    Method m = SHUTDOWN_NOW;
    if (m == null) {
      return SelectorThread.stop(t.client()); // JDK 17 to 20: the selector loop ends when its thread is interrupted
    }
    try {
      m.invoke(t.client());
      return true;
    } catch (ReflectiveOperationException | RuntimeException e) {
      System.getLogger(HttpClients.class.getName()).log(System.Logger.Level.DEBUG, "HttpClient shutdown failed", e);
      return false;
    }
  }

  /**
   * Waits until a transport that was {@linkplain #shutDown shut down} has closed its connections: JDK 21 and later
   * through {@code awaitTermination}, 17 to 20 until its selector thread has ended (the JDK closes the client's
   * connections as that thread ends).
   *
   * @param t the transport
   * @param limit the longest wait
   */
  public static void awaitTermination(HttpTransport t, Duration limit) {
    Method m = AWAIT_TERMINATION;
    try {
      if (m == null) {
        SelectorThread.await(t.client(), limit);
        return;
      }
      m.invoke(t.client(), limit);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ReflectiveOperationException | RuntimeException e) {
      if (e.getCause() instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      System.getLogger(HttpClients.class.getName()).log(System.Logger.Level.DEBUG, "HttpClient await failed", e);
    }
  }

  private static final @Nullable Method SHUTDOWN_NOW = shutdownNow();
  private static final @Nullable Method AWAIT_TERMINATION = method("awaitTermination", Duration.class);

  private static @Nullable Method shutdownNow() {
    return method("shutdownNow");
  }

  private static @Nullable Method method(String name, Class<?>... parameters) {
    try {
      return HttpClient.class.getMethod(name, parameters);
    } catch (NoSuchMethodException e) {
      return null;
    }
  }
}
