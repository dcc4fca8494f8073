package dev.hitl.security;

/**
 * Someone signed in interactively (a new session).
 *
 * @param method how: {@code tasklist}, {@code cockpit}, {@code admin}, {@code welcome}
 * (the Camunda webapps) or {@code portal}
 */
public record LoginSucceeded(String userId, String method) {
}
