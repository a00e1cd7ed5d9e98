package net.onionbalance.engine;

/** Why a master descriptor is (re)published; logged with every upload. */
public enum PublishReason {
    NEVER_PUBLISHED("never published"),
    TIME_PERIOD_CHANGED("new time period"),
    INTRO_POINTS_CHANGED("intro points changed"),
    /** Same intro points, other second-layer lines (a backend's flow-control or single-onion-service, the clients). */
    CONTENT_CHANGED("descriptor content changed"),
    HSDIRS_CHANGED("responsible HSDirs changed"),
    REPUBLISH_DUE("periodic republish"),
    OPERATOR("forced by the operator"),
    /** The HSDir check found no descriptor of ours there: evicted, or the HSDir restarted ({@link HsDirCheck}). */
    HSDIR_LOST_IT("HSDir lost it"),
    /** The HSDir check found an older revision than the one it accepted from us. */
    HSDIR_HOLDS_OLDER("HSDir holds an older revision"),
    /** The HSDir check found a descriptor that is not ours (not signed by our key). */
    HSDIR_HOLDS_FOREIGN("HSDir holds a descriptor not ours");

    private final String words;

    PublishReason(String words) {
        this.words = words;
    }

    @Override
    public String toString() {
        return words;
    }
}
