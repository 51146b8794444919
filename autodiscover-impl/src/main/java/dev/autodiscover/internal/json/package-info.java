/** Internal to the SDK; not exported, not API. */
@NullMarked
package dev.autodiscover.internal.json;

import org.jspecify.annotations.NullMarked;
