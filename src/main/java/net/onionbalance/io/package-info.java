/**
 * Every whole-file read ({@link net.onionbalance.io.BoundedFiles}: regular files only, a size
 * limit per {@link net.onionbalance.io.FileKind}) and every file we write
 * ({@link net.onionbalance.io.AtomicFiles}: temporary file, fsync, rename, fsync of the folder;
 * {@link net.onionbalance.io.PrivateFiles}: owner-only modes, as tor's check_private_dir wants;
 * {@link net.onionbalance.io.Temporaries}: the names of temporaries, and the removal of those a
 * killed process left).
 *
 * <p>Bottom floor: depends on nothing of ours. Threads: static functions, no state.
 */
package net.onionbalance.io;
