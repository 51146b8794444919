/**
 * Active Directory SCP lookup (protocol.md §2.3): reads Exchange's service connection point objects over LDAP
 * with the JDK's JNDI provider and turns them into an ordered list of Autodiscover URLs.
 */
@NullMarked
package dev.autodiscover.internal.scp;

import org.jspecify.annotations.NullMarked;
