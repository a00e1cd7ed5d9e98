package net.onionbalance.health;

/** A backend's health as the checks judge it. */
public enum HealthStatus {
    /** Not enough checks yet: the backend is treated as before health checks (its descriptor decides). */
    UNKNOWN,
    UP,
    /** Failed {@code failures-before-down} checks in a row: leaves the master descriptors. */
    DOWN
}
