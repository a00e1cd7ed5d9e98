/**
 * The configuration wizard ({@code onionbalance-config}) and bundles: the questions and their
 * checks ({@link net.onionbalance.wizard.Answers}), the deployment writer (master keys,
 * config.yaml, one torrc bundle per backend, written in a staging folder and renamed), and adding,
 * rotating and retiring bundles later. Backend client authorization (rend-spec-v3 §2.5.1.2).
 *
 * <p>Depends on {@code config}, {@code crypto}, {@code io}. Threads: runs on the caller's thread;
 * the console runs it on a worker, never on the console thread.
 */
package net.onionbalance.wizard;
