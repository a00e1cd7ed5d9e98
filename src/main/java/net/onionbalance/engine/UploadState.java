package net.onionbalance.engine;

/** The fate of one descriptor upload to one HSDir, from tor's HS_DESC events (control-spec §4.1.25). */
public enum UploadState {
    /** HSPOST accepted by tor; no UPLOADED or FAILED event yet. */
    PENDING,
    UPLOADED,
    FAILED,
    /** Failed; another attempt is scheduled with backoff. */
    RETRYING
}
