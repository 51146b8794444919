/** Internal to the SDK; not exported, not API. */
@NullMarked
package dev.autodiscover.internal.strategy;

import org.jspecify.annotations.NullMarked;
