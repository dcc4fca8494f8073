package dev.hitl.consultation;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/** Limits and defaults for new consultations ({@code hitl.consultation.*}). */
@Validated
@ConfigurationProperties("hitl.consultation")
record ConsultationSettings(@NotNull Duration defaultTimeout, @NotNull Duration minTimeout,
		@NotNull Duration maxTimeout, @NotBlank String defaultReviewerGroup) {
}
