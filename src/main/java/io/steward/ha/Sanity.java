package io.steward.ha;

/**
 * Checks that make this node refuse to act: its data belongs to another cluster, or (right after a resume) the facts
 * the checks need are not known yet.
 */
final class Sanity {

    private Sanity() {
    }

    /** A refusal, or null when the node may act. */
    static Decision check(Tick t) {
        String mine = t.local().systemId();
        String cluster = t.cluster().initialize();
        if (t.local().dataDirEmpty()) {
            return null;
        }
        if (mine != null && cluster != null && !mine.equals(cluster)) {
            return Decision.of("system ID mismatch: the data directory belongs to a different cluster ("
                    + mine + " != " + cluster + "); refusing to act");
        }
        if (!t.local().justResumed()) {
            return null;
        }
        if (mine == null) {
            return Decision.of("first loop after resume: system ID of the data directory is unknown;"
                    + " refusing to act until it is read");
        }
        boolean followsSomeone = t.cluster().hasLeader() && !t.iHoldLock();
        if (followsSomeone && t.local().rewindNeeded() == null) {
            return Decision.of("first loop after resume: timeline not yet checked against the leader ("
                    + t.leaderName() + "); refusing to act until it is");
        }
        return null;
    }
}
