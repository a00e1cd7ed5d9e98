/**
 * The Lanterna console (nyx-like): pages ({@link net.onionbalance.ui.console.ConsolePage}) draw
 * engine snapshots on a {@link net.onionbalance.ui.console.Canvas}; keys are dispatched by
 * {@link net.onionbalance.ui.console.KeyController}.
 *
 * <p>Threads: one console thread owns {@link net.onionbalance.ui.console.UiState}, reads the
 * latest snapshot and posts {@link net.onionbalance.engine.EngineCommand}s; slow work (writing
 * bundles) runs elsewhere and comes back through the console thread's executor.
 */
package net.onionbalance.ui.console;
