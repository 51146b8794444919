package dev.autodiscover.internal.engine;

import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletionException;
import dev.autodiscover.AttemptTrace;
import dev.autodiscover.AutodiscoverException;
import dev.autodiscover.access.ApiAccess;
import org.jspecify.annotations.Nullable;

/** Turns whatever a discovery future failed with into the {@link AutodiscoverException} a caller gets. */
public final class Failures {
  private Failures() {}

  /**
   * The Autodiscover exception inside {@code failure} (unwrapping {@link CompletionException}s); a
   * cancellation or anything else becomes a plain {@link AutodiscoverException} with an empty trace that
   * names {@code what} ran.
   */
  public static AutodiscoverException of(@Nullable Throwable failure, String what) {
    Throwable t = failure;
    while (t instanceof CompletionException && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof AutodiscoverException e) {
      return e;
    }
    if (t instanceof CancellationException) {
      return ApiAccess.get().failure(what + " was cancelled.", AttemptTrace.of(List.of()), t);
    }
    return ApiAccess.get().failure(what + " failed unexpectedly: " + (t == null ? "unknown" : t),
        AttemptTrace.of(List.of()), t);
  }
}
