/**
 * V3 onion-service descriptors (rend-spec-v3 §2.4 outer layer, §2.5.1 middle/superencrypted
 * layer with client authorization, §2.5.2 inner layer with intro points and link specifiers):
 * a parse side, a verify side ({@link net.onionbalance.doc.hsdesc.DescriptorVerifier}) and a
 * build side ({@link net.onionbalance.doc.hsdesc.MasterDescriptorBuilder}) for each layer. The
 * 20-intro-point limit lives here ({@link net.onionbalance.doc.hsdesc.InnerLayer#MAX_INTRO_POINTS}).
 *
 * <p>Depends on {@code doc.cert} and {@code crypto}. Threads: immutable values.
 */
package net.onionbalance.doc.hsdesc;
