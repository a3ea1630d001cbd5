package io.ballast.core;

import java.util.List;

/**
 * A rebalancing plan the manager proposes instead of running (automation level partial or manual), as the round
 * hands it over and gets it back: open ({@code proposed}) or being run ({@code applied}). Closed proposals
 * (dismissed, expired, done) live only in the environment's store.
 *
 * @param id              stable id, derived from the round time and the basis (deterministic)
 * @param state           {@link #PROPOSED} or {@link #APPLIED}
 * @param createdAt       round time (seconds) it was computed in
 * @param method          the rebalancing method that computed it (bruteforce, topsis, plan) or {@code failback}
 * @param imbalanceBefore imbalance when it was computed
 * @param waves           moves in order; the moves of one wave run at once, a wave starts once nothing moves
 * @param basis           fingerprint of placement, configuration and usage it was computed on
 *                        ({@link ProposalBasis}); a different one in a later round expires it
 * @param wavesStarted    how many waves have been started (0 until applied)
 */
public record Proposal(String id, String state, long createdAt, String method, double imbalanceBefore,
                       List<Wave> waves, String basis, int wavesStarted) {

    public static final String PROPOSED = "proposed";
    public static final String APPLIED = "applied";
    /** Handed in while nothing changed since an operator dismissed it: the same plan is not proposed again. */
    public static final String DISMISSED = "dismissed";

    public Proposal {
        waves = List.copyOf(waves);
    }

    /**
     * @param moves          the moves started together
     * @param imbalanceAfter the imbalance expected once they are done
     */
    public record Wave(List<Move> moves, double imbalanceAfter) {
        public Wave {
            moves = List.copyOf(moves);
        }
    }

    /**
     * One bundle move.
     *
     * @param sid     the resource moved (a keep-together group's first member; its partners follow)
     * @param members every resource moving with it, {@code sid} included
     * @param from    node it runs on
     * @param to      node it goes to
     * @param kind    {@code migrate} (live, VMs) or {@code relocate} (stop and start, containers)
     * @param memory  memory moved in bytes, as the usage model counts it
     * @param reason  why this move (the planner's or the greedy choice's explanation)
     */
    public record Move(String sid, List<String> members, String from, String to, String kind, long memory,
                       String reason) {
        public Move {
            members = List.copyOf(members);
        }
    }

    public boolean dismissed() {
        return DISMISSED.equals(state);
    }

    public boolean applied() {
        return APPLIED.equals(state);
    }

    Proposal withWavesStarted(int started) {
        return new Proposal(id, state, createdAt, method, imbalanceBefore, waves, basis, started);
    }
}
