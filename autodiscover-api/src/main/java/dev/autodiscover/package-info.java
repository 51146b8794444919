/**
 * Finding an Exchange or Microsoft 365 mailbox's settings with Autodiscover.
 *
 * <p>Unless a parameter or return value is annotated {@link org.jspecify.annotations.Nullable}, passing
 * {@code null} to any method in this package throws {@link NullPointerException}, and no method returns
 * {@code null}. All value types in this package are immutable and safe for use by several threads.
 */
@NullMarked
package dev.autodiscover;

import org.jspecify.annotations.NullMarked;
