/**
 * The environment one call runs in: the client's settings as the engine sees them, with the per-run overrides a
 * batch or domain-settings driver applies to the runs it starts. Below every other internal package but http.
 */
@NullMarked
package dev.autodiscover.internal.env;

import org.jspecify.annotations.NullMarked;
