/**
 * SOAP Autodiscover codec (protocol.md §4): builds {@code GetUserSettings} and {@code GetDomainSettings}
 * request envelopes and turns {@code autodiscover.svc} answers (and SOAP faults) into typed results, over the
 * shared hardened XML reader of {@code dev.autodiscover.internal.xml}.
 *
 * <p>Internal to the SDK; not exported, not API. The JAXB model in {@link SoapModel} is bound to the real
 * Autodiscover namespace; this package is opened to {@code jakarta.xml.bind}.
 */
@NullMarked
@XmlSchema(namespace = SoapModel.AUTODISCOVER_NS, elementFormDefault = XmlNsForm.QUALIFIED)
package dev.autodiscover.internal.soap;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import org.jspecify.annotations.NullMarked;
