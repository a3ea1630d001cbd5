package io.ballast.core;

/**
 * One CRM log line; messages follow the templates of the conformance kit FORMAT.md §5.3/§5.4.
 *
 * @param level info, noti, warn, err or emai (an e-mail subject)
 */
public record CrmLogLine(String level, String message) {
}
