/**
 * POX Autodiscover codec (protocol.md §3): builds the Outlook-schema request document and turns an
 * {@code autodiscover.xml} answer into settings, a redirect or an error, over a hardened StAX parser
 * ({@code dev.autodiscover.internal.xml}) that reads the answer into a small element tree.
 *
 * <p>Internal to the SDK; not exported, not API.
 */
@NullMarked
package dev.autodiscover.internal.pox;

import org.jspecify.annotations.NullMarked;
