package io.ballast.core;

import java.util.List;

/** What a round did with proposals; the environment persists and audits each (the core does no I/O). */
public sealed interface ProposalEvent {

    String id();

    /** A new proposal is open (any earlier open one was expired first, by its own event). */
    record Created(Proposal proposal) implements ProposalEvent {
        @Override
        public String id() {
            return proposal.id();
        }
    }

    /** An open proposal (or an applied one that had not started) no longer fits the cluster. */
    record Expired(String id, String reason) implements ProposalEvent {
    }

    /**
     * Wave {@code wave} (1-based) of an applied proposal was started: {@code started} the sids whose move was
     * queued, {@code skipped} those no longer where the proposal found them (with why).
     */
    record WaveStarted(String id, int wave, List<String> started, List<String> skipped) implements ProposalEvent {
        public WaveStarted {
            started = List.copyOf(started);
            skipped = List.copyOf(skipped);
        }
    }

    /** Every wave of an applied proposal ran and nothing moves any more. */
    record Done(String id) implements ProposalEvent {
    }
}
