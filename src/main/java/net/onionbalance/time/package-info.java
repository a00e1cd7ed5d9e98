/**
 * Dates and times as tor writes them ({@code YYYY-MM-DD HH:MM:SS}, dir-spec §1.2), without
 * java.time's formatter. Bottom floor: depends on nothing of ours.
 *
 * <p>Threads: values only, no state.
 */
package net.onionbalance.time;
