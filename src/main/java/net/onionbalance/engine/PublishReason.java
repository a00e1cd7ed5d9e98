package net.onionbalance.engine;

/** Why a master descriptor is (re)published; logged with every upload. */
public enum PublishReason {
    NEVER_PUBLISHED("never published"),
    TIME_PERIOD_CHANGED("new time period"),
    INTRO_POINTS_CHANGED("intro points changed"),
    HSDIRS_CHANGED("responsible HSDirs changed"),
    REPUBLISH_DUE("periodic republish"),
    OPERATOR("forced by the operator");

    private final String words;

    PublishReason(String words) {
        this.words = words;
    }

    @Override
    public String toString() {
        return words;
    }
}
