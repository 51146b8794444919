/**
 * The hardened XML reading shared by the POX and SOAP codecs: size and content-type checks, charset
 * detection, a StAX parser without DTDs or entities, a depth limit and the root-element check, in front of
 * either a small element tree (POX) or JAXB (SOAP).
 *
 * <p>Internal to the SDK; not exported, not API.
 */
@NullMarked
package dev.autodiscover.internal.xml;

import org.jspecify.annotations.NullMarked;
