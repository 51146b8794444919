/**
 * The SOAP Autodiscover client side shared by batch discovery and domain settings: one POST to
 * {@code autodiscover.svc} with the credential rules of single discovery, and the mapping of a discovered
 * endpoint to its SOAP URL. Internal, not API.
 */
@NullMarked
package dev.autodiscover.internal.soapclient;

import org.jspecify.annotations.NullMarked;
