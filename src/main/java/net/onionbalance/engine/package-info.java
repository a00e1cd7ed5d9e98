/**
 * The balancing engine: {@link net.onionbalance.engine.Balancer} is the loop; it fetches backend
 * descriptors ({@code BackendFetcher}), assigns intro points to HSDirs ({@code HsDirAssignment},
 * rend-spec-v3 §2.2.3 and the 20-point limit of §2.5.2), decides and performs publishing
 * ({@code PublishPolicy}, {@code Publisher}: HSPOST, control-spec §3.30), accounts uploads
 * ({@code UploadAccounting}) and folds health checks in ({@code BackendHealth}).
 *
 * <p>Threads: one engine thread owns all mutable state; tor events, timers, health results and
 * operator commands ({@link net.onionbalance.engine.EngineCommand}) reach it through a queue. Others
 * read the immutable {@link net.onionbalance.engine.snapshot.EngineSnapshot} it publishes.
 */
package net.onionbalance.engine;
