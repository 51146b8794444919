/**
 * The one request pipeline of every kind of run (single discovery, batch, domain settings), in the manner of
 * OkHttp's single interceptor chain: {@link dev.autodiscover.internal.pipeline.RunScope} (deadline and
 * cancellation), {@link dev.autodiscover.internal.pipeline.Sender} (deadline-capped sends retried on
 * timeout), {@link dev.autodiscover.internal.pipeline.AuthenticatedExchange} (anonymous first, challenge,
 * credential decision), {@link dev.autodiscover.internal.pipeline.RedirectGuard} (budget, loops, trust,
 * memoised validator), {@link dev.autodiscover.internal.pipeline.TraceRecorder} (trace and events) and
 * {@link dev.autodiscover.internal.pipeline.Failures} (failure to exception). A batch or domain-settings run
 * is a different driver of these steps, never a second implementation of them.
 *
 * <p>Sits below {@code engine}, {@code batch}, {@code domain} and {@code strategy}: it may use {@code http},
 * {@code trust}, {@code xml} and the codecs' result types, never those packages. Internal, not API.
 */
@NullMarked
package dev.autodiscover.internal.pipeline;

import org.jspecify.annotations.NullMarked;
