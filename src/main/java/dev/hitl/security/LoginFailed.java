package dev.hitl.security;

/**
 * A sign-in or HTTP Basic attempt was refused.
 *
 * @param username the name that was tried, cut to 64 characters
 * @param method {@code basic}, or the webapp or portal login that refused it
 * @param clientAddress where the attempt came from (the forwarded client behind a trusted
 * proxy)
 */
public record LoginFailed(String username, String method, String clientAddress) {
}
