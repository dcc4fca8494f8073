package dev.hitl.consultation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * Limits and defaults for new consultations ({@code hitl.consultation.*}).
 *
 * @param idempotencyKeyRetention how long an {@code Idempotency-Key} is remembered; the
 * API promises at least 24 hours
 */
@Validated
@ConfigurationProperties("hitl.consultation")
record ConsultationSettings(@NotNull Duration defaultTimeout, @NotNull Duration minTimeout,
		@NotNull Duration maxTimeout, @NotBlank String defaultReviewerGroup,
		@DefaultValue("PT24H") Duration idempotencyKeyRetention) {

	@AssertTrue(message = "idempotency-key-retention must be at least PT24H")
	boolean isRetentionLongEnough() {
		return this.idempotencyKeyRetention.compareTo(Duration.ofHours(24)) >= 0;
	}

}
