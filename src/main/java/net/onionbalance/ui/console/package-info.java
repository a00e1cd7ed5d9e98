/**
 * The Lanterna console (nyx-like): pages ({@link net.onionbalance.ui.console.ConsolePage}) draw
 * engine snapshots on a {@link net.onionbalance.ui.console.Canvas}. As in nyx, each page owns its
 * key table ({@link net.onionbalance.ui.console.KeyBinding}: key, footer word, help sentence,
 * action), and that one table drives dispatch ({@code KeyController}), the footer ({@code Frame})
 * and the help ({@code OverlayView}); the instance dialogs ({@code a d t}) are {@code InstanceDialogs}.
 *
 * <p>Threads: one console thread owns {@link net.onionbalance.ui.console.UiState}, reads the
 * latest snapshot and posts {@link net.onionbalance.engine.EngineCommand}s; slow work (writing
 * bundles) runs elsewhere and comes back through the console thread's executor.
 */
package net.onionbalance.ui.console;
