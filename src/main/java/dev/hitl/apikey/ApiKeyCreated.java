package dev.hitl.apikey;

import java.util.UUID;

/** An admin issued an API key; published in the transaction that stores it. */
public record ApiKeyCreated(UUID apiKeyId, String name, String owner, String createdBy) {
}
