/** Domain settings: single discovery, then SOAP {@code GetDomainSettings} at the endpoint found. Internal, not API. */
@NullMarked
package dev.autodiscover.internal.domain;

import org.jspecify.annotations.NullMarked;
