/**
 * Service provider interfaces: the implementation entry point and the event listener.
 *
 * <p>Unless a parameter or return value is annotated {@link org.jspecify.annotations.Nullable}, passing
 * {@code null} to any method in this package throws {@link NullPointerException}.
 */
@NullMarked
package dev.autodiscover.spi;

import org.jspecify.annotations.NullMarked;
