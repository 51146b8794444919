/**
 * Bridge through which the implementation module creates results and exceptions whose constructors are not
 * public. Not for applications: the package is exported only to {@code dev.autodiscover.impl}, and its
 * methods may change in any release.
 *
 * <p>Unless a parameter is annotated {@link org.jspecify.annotations.Nullable}, passing {@code null} to any
 * method in this package throws {@link NullPointerException}; no method returns {@code null}.
 */
@NullMarked
package dev.autodiscover.access;

import org.jspecify.annotations.NullMarked;
