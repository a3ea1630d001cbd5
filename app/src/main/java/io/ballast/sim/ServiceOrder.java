package io.ballast.sim;

/**
 * One service request as an LRM reads it from the manager status: requested CRM state, node, target,
 * stop timeout and the request id its result must carry.
 */
public record ServiceOrder(String state, String node, String target, Integer timeout, String uid) {
}
