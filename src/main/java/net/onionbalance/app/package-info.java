/**
 * The composition root, the top floor: the one package that may see the engine, the console and
 * the wizard together. {@link net.onionbalance.app.BalancerRun} wires config, keys, tor, engine,
 * status socket, metrics, signals and the console for one run ({@link net.onionbalance.app.RunOptions}
 * come from the {@code cli} commands); the adapters between floors live here: the config file
 * store the engine writes through ({@code ConfigFileStore}), the console's wizard and bundle
 * hooks ({@code ConsoleWizardHooks}) and the wizard's console page ({@code WizardPage}).
 *
 * <p>Threads: the main thread starts everything and then waits for the console to end or for
 * SIGTERM ({@code Signals}); each part runs on the threads its own package names.
 */
package net.onionbalance.app;
