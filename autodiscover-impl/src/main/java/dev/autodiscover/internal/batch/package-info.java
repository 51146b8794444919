/** Batch discovery: many addresses, grouped by domain, over SOAP GetUserSettings. Internal, not API. */
@NullMarked
package dev.autodiscover.internal.batch;

import org.jspecify.annotations.NullMarked;
