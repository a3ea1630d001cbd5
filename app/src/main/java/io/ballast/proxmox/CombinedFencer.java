package io.ballast.proxmox;

/** Both fencers must confirm ({@code both}) or either one suffices ({@code either}). */
public final class CombinedFencer implements Fencer {
    private final boolean all;
    private final Fencer first;
    private final Fencer second;

    public CombinedFencer(boolean all, Fencer first, Fencer second) {
        this.all = all;
        this.first = first;
        this.second = second;
    }

    @Override
    public boolean confirm(String node, long absentSeconds, boolean quorate) {
        boolean a = first.confirm(node, absentSeconds, quorate);
        if (all && !a) {
            return false;
        }
        if (!all && a) {
            return true;
        }
        return second.confirm(node, absentSeconds, quorate);
    }

    @Override
    public void rejoined(String node) {
        first.rejoined(node);
        second.rejoined(node);
    }

    @Override
    public String toString() {
        return (all ? "both: " : "either: ") + first + ", " + second;
    }
}
