package dev.hitl.consultation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.hitl.consultation.IdempotencyKeys.Stored;
import dev.hitl.system.ApiProblem;
import dev.hitl.system.Sha256;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpStatus;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Creation with an {@code Idempotency-Key} (IETF Idempotency-Key draft): the first
 * request with a key creates; the same key with the same body answers the stored response
 * again; a different body is 422; a second request while the first is still running is
 * 409. Only the owner of the API key shares its keys. Works across nodes: the key's row
 * is claimed first, and the consultation and its stored response commit in one
 * transaction, so no key ever yields two consultations.
 */
@Component
class IdempotentCreation {

	private static final Logger log = LoggerFactory.getLogger(IdempotentCreation.class);

	/**
	 * Longer than any creation takes (a creation waits at most the pool's 2.5 s for a
	 * connection); after it another request, on any node, may take the key over, so an
	 * agent retrying after its node died gets its consultation within half a minute. A
	 * creation that outlives its lease cannot commit (its lock token no longer matches).
	 */
	private static final Duration LEASE = Duration.ofSeconds(30);

	private final IdempotencyKeys keys;

	private final TransactionTemplate transaction;

	private final ObjectMapper json;

	private final ObjectMapper canonical;

	private final Clock clock;

	private final Duration retention;

	IdempotentCreation(IdempotencyKeys keys, TransactionTemplate transaction, ObjectMapper json, Clock clock,
			ConsultationSettings settings) {
		this.keys = keys;
		this.transaction = transaction;
		this.json = json;
		this.canonical = json.copy().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);
		this.clock = clock;
		this.retention = settings.idempotencyKeyRetention();
	}

	Result create(String owner, String key, JsonNode body, Supplier<Consultation> creation) {
		String fingerprint = fingerprint(body);
		Instant now = now();
		UUID token = UUID.randomUUID();
		boolean held = this.keys.claim(owner, key, fingerprint, token, now, now.plus(LEASE), now.plus(this.retention));
		if (!held) {
			Stored stored = this.keys.find(owner, key).orElse(null);
			if (stored == null) {
				// Released by a request that failed between our insert and our read.
				throw ApiProblem.conflict("A request with this Idempotency-Key is in progress; retry it");
			}
			if (!stored.fingerprint().equals(fingerprint)) {
				throw new ApiProblem(HttpStatus.UNPROCESSABLE_ENTITY,
						"This Idempotency-Key was used with a different request body");
			}
			if (IdempotencyKeys.COMPLETED.equals(stored.state())) {
				return new Result(read(stored.responseBody()), true);
			}
			if (!this.keys.takeOver(owner, key, fingerprint, token, now, now.plus(LEASE))) {
				throw ApiProblem.conflict("A request with this Idempotency-Key is in progress; retry it later");
			}
			log.warn("Took over Idempotency-Key of owner {} whose first request never finished", owner);
		}
		try {
			Consultation created = this.transaction.execute((status) -> {
				Consultation consultation = creation.get();
				if (!this.keys.complete(owner, key, token, HttpStatus.CREATED.value(), write(consultation),
						consultation.id())) {
					throw ApiProblem.conflict("A request with this Idempotency-Key is in progress; retry it later");
				}
				return consultation;
			});
			return new Result(this.json.valueToTree(created), false);
		}
		catch (RuntimeException ex) {
			this.keys.release(owner, key, token);
			throw ex;
		}
	}

	@Scheduled(fixedDelay = 600_000, initialDelay = 60_000)
	void purgeExpired() {
		int purged = this.keys.purgeExpired(now());
		if (purged > 0) {
			log.debug("Purged {} expired idempotency keys", purged);
		}
	}

	/** SHA-256 of the body with object members in a fixed order. */
	private String fingerprint(JsonNode body) {
		try {
			Object tree = this.canonical.treeToValue(body, Object.class);
			byte[] bytes = this.canonical.writeValueAsBytes(tree);
			return Sha256.hex(bytes);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Cannot fingerprint the request", ex);
		}
	}

	private String write(Consultation consultation) {
		try {
			return this.json.writeValueAsString(consultation);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private JsonNode read(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JsonProcessingException ex) {
			throw new IllegalStateException("Stored response is unreadable", ex);
		}
	}

	private Instant now() {
		return this.clock.instant().truncatedTo(ChronoUnit.MILLIS);
	}

	/**
	 * @param consultation the response body: the consultation as created
	 * @param replayed whether this is the stored response of an earlier request
	 */
	record Result(JsonNode consultation, boolean replayed) {

		Optional<String> id() {
			return Optional.ofNullable(this.consultation.get("id")).map(JsonNode::asText);
		}

	}

}
