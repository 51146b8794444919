/**
 * Autodiscover v2 codec (protocol.md §5): builds {@code autodiscover.json} request URLs and reads the JSON
 * answers with Jackson under tight read limits.
 *
 * <p>Internal to the SDK; not exported, not API.
 */
@NullMarked
package dev.autodiscover.internal.v2;

import org.jspecify.annotations.NullMarked;
