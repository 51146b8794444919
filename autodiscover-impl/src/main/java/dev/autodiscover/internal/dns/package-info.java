/**
 * DNS SRV lookups for the DNS_SRV discovery method (protocol.md §2.8), over dnsjava. Internal to the SDK;
 * not exported, not API.
 */
@NullMarked
package dev.autodiscover.internal.dns;

import org.jspecify.annotations.NullMarked;
