package io.ballast.conformance;

/**
 * Result of running one conformance case.
 *
 * @param name   case directory name
 * @param l1     final placement and state match
 * @param l2     per-resource transition sequences match
 * @param detail first difference, or the error that stopped the case ("" when both pass)
 * @param millis wall time of simulation plus comparison
 */
public record CaseResult(String name, boolean l1, boolean l2, String detail, long millis) {

    public String line() {
        return String.format("%-48s L1 %s L2 %s%s", name, l1 ? "pass" : "FAIL", l2 ? "pass" : "FAIL",
                detail.isEmpty() ? "" : " (" + detail + ")");
    }
}
