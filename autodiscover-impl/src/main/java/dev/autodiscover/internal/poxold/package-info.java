/**
 * POX Autodiscover codec (protocol.md §3): builds the Outlook-schema request document and turns an
 * {@code autodiscover.xml} answer into settings, a redirect or an error, over a hardened StAX parser.
 *
 * <p>Internal to the SDK; not exported, not API. The JAXB model classes in {@link PoxModel} use one private
 * namespace: the shared hardened reader ({@code dev.autodiscover.internal.xml}) maps both response namespaces onto it before JAXB sees the
 * document.
 */
@NullMarked
@XmlSchema(namespace = PoxModel.MODEL_NS, elementFormDefault = XmlNsForm.QUALIFIED)
package dev.autodiscover.internal.poxold;

import jakarta.xml.bind.annotation.XmlNsForm;
import jakarta.xml.bind.annotation.XmlSchema;
import org.jspecify.annotations.NullMarked;
