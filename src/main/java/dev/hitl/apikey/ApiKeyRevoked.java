package dev.hitl.apikey;

import java.util.UUID;

/** An admin revoked an API key; published in the transaction that revokes it. */
public record ApiKeyRevoked(UUID apiKeyId, String owner, String revokedBy) {
}
