package dev.hitl.security;

import java.time.Duration;
import java.util.function.Function;

import javax.sql.DataSource;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.EstimationProbe;
import io.github.bucket4j.TokensInheritanceStrategy;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.jdbc.DataSourceProperties;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Token buckets of Bucket4j, refilled greedily per minute. On PostgreSQL the buckets live
 * in {@code rate_limit_bucket} (row lock per bucket), so a limit holds across every node;
 * the embedded H2 default is a single node and keeps its buckets in memory.
 */
@Component
class RateLimiter {

	private static final Logger log = LoggerFactory.getLogger(RateLimiter.class);

	private static final Duration WINDOW = Duration.ofMinutes(1);

	private final Function<Limit, Bucket> buckets;

	private final PostgreSQLSelectForUpdateBasedProxyManager<String> shared;

	RateLimiter(DataSource dataSource, DataSourceProperties properties) {
		String url = properties.determineUrl();
		if (url != null && url.startsWith("jdbc:postgresql:")) {
			this.shared = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
				.primaryKeyMapper(PrimaryKeyMapper.STRING)
				.table("rate_limit_bucket")
				.expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(WINDOW))
				.build();
			this.buckets = (limit) -> this.shared.builder()
				.withImplicitConfigurationReplacement(limit.perMinute(), TokensInheritanceStrategy.PROPORTIONALLY)
				.build(limit.key(), () -> configuration(limit.perMinute()));
		}
		else {
			log.info("Rate limits are kept in memory: right for the embedded single-node database, "
					+ "use PostgreSQL to share them across nodes");
			this.shared = null;
			Cache<Limit, Bucket> local = Caffeine.newBuilder().expireAfterAccess(WINDOW.multipliedBy(2)).build();
			this.buckets = (limit) -> local.get(limit,
					(key) -> Bucket.builder().addLimit(bandwidth(key.perMinute())).build());
		}
	}

	/** Takes one token if there is one. */
	ConsumptionProbe consume(Limit limit) {
		return this.buckets.apply(limit).tryConsumeAndReturnRemaining(1);
	}

	/**
	 * Takes {@code tokens} whether or not there are that many: a balance below zero is
	 * paid back by the refill before the next token can be taken.
	 */
	void consumeIgnoringLimit(Limit limit, long tokens) {
		this.buckets.apply(limit).consumeIgnoringRateLimits(tokens);
	}

	/** Whether a token is left, without taking it. */
	EstimationProbe peek(Limit limit) {
		return this.buckets.apply(limit).estimateAbilityToConsume(1);
	}

	/** Rows of buckets that would be full again are dropped; safe on several nodes. */
	@Scheduled(fixedDelay = 60_000, initialDelay = 60_000)
	void removeExpired() {
		if (this.shared != null) {
			int removed;
			do {
				removed = this.shared.removeExpired(1000);
			}
			while (removed == 1000);
		}
	}

	private static BucketConfiguration configuration(int perMinute) {
		return BucketConfiguration.builder().addLimit(bandwidth(perMinute)).build();
	}

	private static Bandwidth bandwidth(int perMinute) {
		return Bandwidth.builder().capacity(perMinute).refillGreedy(perMinute, WINDOW).build();
	}

	/** One bucket: what is limited (e.g. an API key's creations) and how much. */
	record Limit(String key, int perMinute) {
	}

}
