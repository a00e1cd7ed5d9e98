/**
 * The cryptography of v3 onion services: onion addresses (rend-spec-v3 §6), identity keys and
 * their files, ed25519 with expanded keys, key blinding (§A.2), time periods (§2.2.1),
 * subcredential and hs/hsdir indexes (§2.2.3, §2.2.4), the descriptor layer cipher (§2.5.3:
 * SHAKE-256 KDF, AES-256-CTR, MAC), the OPE revision counter (§F) and X25519 client keys (§2.5.1.2).
 *
 * <p>Depends only on {@code io} (bounded reads, atomic writes of key files). Threads: immutable
 * values and pure functions, no shared state.
 */
package net.onionbalance.crypto;
