package dev.hitl.apikey;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import dev.hitl.apikey.ApiKeyRepository.StoredKey;
import dev.hitl.security.Agent;
import dev.hitl.security.AgentKeys;
import dev.hitl.security.SecretCipher;
import dev.hitl.system.Sha256;

import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Agent API keys: 256 random bits behind a {@code hitl_} prefix, kept only as SHA-256,
 * each with a Standard Webhooks {@code whsec_} secret kept encrypted. Keys are looked up
 * in the database on every request, so a revocation holds at once on every node.
 */
@Service
public class ApiKeyManagement {

	static final String KEY_PREFIX = AgentKeys.KEY_PREFIX;

	static final String SECRET_PREFIX = "whsec_";

	private final ApiKeyRepository repository;

	private final SecretCipher cipher;

	private final Clock clock;

	private final ApplicationEventPublisher events;

	private final SecureRandom random = new SecureRandom();

	ApiKeyManagement(ApiKeyRepository repository, SecretCipher cipher, Clock clock, ApplicationEventPublisher events) {
		this.repository = repository;
		this.cipher = cipher;
		this.clock = clock;
		this.events = events;
	}

	@Transactional
	public CreatedKey create(String name, String owner, String createdBy) {
		byte[] keyBytes = new byte[32];
		this.random.nextBytes(keyBytes);
		String rawKey = KEY_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(keyBytes);
		byte[] secretBytes = new byte[32];
		this.random.nextBytes(secretBytes);
		String secret = SECRET_PREFIX + Base64.getEncoder().encodeToString(secretBytes);
		StoredKey key = new StoredKey(UUID.randomUUID(), name, owner, rawKey.substring(0, 12),
				this.cipher.encrypt(secret), createdBy, now(), null, null);
		this.repository.insert(key, sha256(rawKey));
		this.events.publishEvent(new ApiKeyCreated(key.id(), name, owner, createdBy));
		return new CreatedKey(view(key), rawKey, secret);
	}

	@Transactional
	Optional<Agent> authenticate(String rawKey) {
		if (rawKey == null || !rawKey.startsWith(KEY_PREFIX) || rawKey.length() > 200) {
			return Optional.empty();
		}
		Optional<StoredKey> key = this.repository.findActiveByHash(sha256(rawKey));
		key.ifPresent((found) -> this.repository.touch(found.id(), now()));
		return key.map((found) -> new Agent(found.owner(), found.id()));
	}

	public Page list(int page, int pageSize) {
		List<ApiKeyView> items = this.repository.findAll(pageSize, (page - 1) * pageSize)
			.stream()
			.map(ApiKeyManagement::view)
			.toList();
		return new Page(items, this.repository.count());
	}

	public Optional<ApiKeyView> find(UUID id) {
		return this.repository.findById(id).map(ApiKeyManagement::view);
	}

	/**
	 * @return false when no such key exists
	 */
	@Transactional
	public boolean revoke(UUID id, String revokedBy) {
		Optional<StoredKey> key = this.repository.findById(id);
		if (key.isEmpty()) {
			return false;
		}
		if (this.repository.revoke(id, now())) {
			this.events.publishEvent(new ApiKeyRevoked(id, key.get().owner(), revokedBy));
		}
		return true;
	}

	/** The decrypted {@code whsec_} secret a webhook for this key is signed with. */
	public Optional<String> webhookSecret(UUID apiKeyId) {
		return this.repository.findById(apiKeyId).map((key) -> this.cipher.decrypt(key.webhookSecretEncrypted()));
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	private static ApiKeyView view(StoredKey key) {
		return new ApiKeyView(key.id(), key.name(), key.owner(), key.prefix(), key.createdBy(), key.createdAt(),
				key.lastUsedAt(), key.revokedAt());
	}

	static String sha256(String value) {
		return Sha256.hex(value);
	}

	public record ApiKeyView(UUID id, String name, String owner, String keyPrefix, String createdBy, Instant createdAt,
			Instant lastUsedAt, Instant revokedAt) {
	}

	public record CreatedKey(ApiKeyView apiKey, String key, String webhookSecret) {
	}

	public record Page(List<ApiKeyView> items, long total) {
	}

}
