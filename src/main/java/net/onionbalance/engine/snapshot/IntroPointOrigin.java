package net.onionbalance.engine.snapshot;

import net.onionbalance.crypto.OnionAddress;

/**
 * An intro point of a master descriptor and the backend it came from.
 *
 * @param authKey the intro point's auth key (base64), its identity in rend-spec-v3 §2.5.2.2
 * @param relay   a short description of the intro relay from its link specifiers
 */
public record IntroPointOrigin(OnionAddress backend, String backendName, String authKey, String relay) {}
