/**
 * A simulated internet on loopback for testing Autodiscover clients built on {@code java.net.http}.
 *
 * <p>{@link dev.autodiscover.testkit.VirtualNetwork} runs an HTTP proxy on {@code 127.0.0.1} that routes
 * requests for virtual host names such as {@code autodiscover.contoso.com} to per-host
 * {@link mockwebserver3.MockWebServer}s, with real TLS signed by a throw-away certificate authority. Clients
 * use default-port URLs ({@code https://autodiscover.contoso.com/...}) and keep hostname verification on.
 * {@link dev.autodiscover.testkit.PoxResponses} builds realistic POX Autodiscover answers.
 * {@link dev.autodiscover.testkit.DnsResponder} is a DNS server on loopback (UDP and TCP) that answers SRV
 * queries, errors, silence and truncation as a test sets it up.
 * {@link dev.autodiscover.testkit.DirectoryForest} is an Active Directory forest on loopback (an in-memory LDAP
 * server) holding the service connection points of an Autodiscover SCP lookup.
 *
 * <p>Unless a parameter or return value is annotated {@link org.jspecify.annotations.Nullable}, passing
 * {@code null} to any method in this package throws {@link NullPointerException}, and no method returns
 * {@code null}.
 */
@NullMarked
package dev.autodiscover.testkit;

import org.jspecify.annotations.NullMarked;
