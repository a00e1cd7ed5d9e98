/**
 * What signs a service's descriptors: the master identity key itself, or an offline key bundle
 * made from it for a run of time periods (rend-spec-v3 §1.7 "offline keys"). {@link
 * net.onionbalance.doc.keys.ServiceIdentity} is what the engine and the descriptor builder use;
 * {@link net.onionbalance.doc.keys.ServiceKeys} loads either from the file config.yaml names.
 */
package net.onionbalance.doc.keys;
