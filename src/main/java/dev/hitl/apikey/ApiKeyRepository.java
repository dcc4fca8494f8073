package dev.hitl.apikey;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

@Repository
class ApiKeyRepository {

	private static final String COLUMNS = "id, name, owner, key_prefix, webhook_secret_enc, created_by, created_at, "
			+ "last_used_at, revoked_at";

	private final JdbcTemplate jdbc;

	ApiKeyRepository(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	void insert(StoredKey key, String keyHash) {
		this.jdbc.update(
				"insert into api_key (id, name, owner, key_hash, key_prefix, webhook_secret_enc, created_by, created_at) "
						+ "values (?, ?, ?, ?, ?, ?, ?, ?)",
				key.id(), key.name(), key.owner(), keyHash, key.prefix(), key.webhookSecretEncrypted(), key.createdBy(),
				Timestamp.from(key.createdAt()));
	}

	Optional<StoredKey> findActiveByHash(String keyHash) {
		return this.jdbc
			.query("select " + COLUMNS + " from api_key where key_hash = ? and revoked_at is null", this::map, keyHash)
			.stream()
			.findFirst();
	}

	Optional<StoredKey> findById(UUID id) {
		return this.jdbc.query("select " + COLUMNS + " from api_key where id = ?", this::map, id).stream().findFirst();
	}

	List<StoredKey> findAll(int limit, int offset) {
		return this.jdbc.query("select " + COLUMNS + " from api_key order by created_at desc, id limit ? offset ?",
				this::map, limit, offset);
	}

	long count() {
		return this.jdbc.queryForObject("select count(*) from api_key", Long.class);
	}

	boolean revoke(UUID id, Instant at) {
		return this.jdbc.update("update api_key set revoked_at = ? where id = ? and revoked_at is null",
				Timestamp.from(at), id) > 0;
	}

	/** Last use is informational: written at most once a minute per key. */
	void touch(UUID id, Instant at) {
		this.jdbc.update(
				"update api_key set last_used_at = ? where id = ? and (last_used_at is null or last_used_at < ?)",
				Timestamp.from(at), id, Timestamp.from(at.minusSeconds(60)));
	}

	private StoredKey map(ResultSet rs, int row) throws SQLException {
		return new StoredKey(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("owner"),
				rs.getString("key_prefix"), rs.getString("webhook_secret_enc"), rs.getString("created_by"),
				instant(rs, "created_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp value = rs.getTimestamp(column);
		return (value != null) ? value.toInstant() : null;
	}

	record StoredKey(UUID id, String name, String owner, String prefix, String webhookSecretEncrypted, String createdBy,
			Instant createdAt, Instant lastUsedAt, Instant revokedAt) {
	}

}
