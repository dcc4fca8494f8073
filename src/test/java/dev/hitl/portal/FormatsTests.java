package dev.hitl.portal;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FormatsTests {

	private static final Instant NOW = Instant.parse("2026-11-23T10:00:00Z");

	@Test
	void durationsShowTheTwoLargestUnits() {
		assertThat(Formats.duration(Duration.ofSeconds(45))).isEqualTo("45 s");
		assertThat(Formats.duration(Duration.ofSeconds(4 * 60 + 5))).isEqualTo("4 min");
		assertThat(Formats.duration(Duration.ofMinutes(200))).isEqualTo("3 h 20 min");
		assertThat(Formats.duration(Duration.ofHours(3))).isEqualTo("3 h");
		assertThat(Formats.duration(Duration.ofHours(52))).isEqualTo("2 d 4 h");
		assertThat(Formats.duration(Duration.ofSeconds(-5))).isEqualTo("0 s");
	}

	@Test
	void timesAreRelativeToNow() {
		assertThat(Formats.relative(NOW.plus(Duration.ofMinutes(90)), NOW)).isEqualTo("in 1 h 30 min");
		assertThat(Formats.relative(NOW.minus(Duration.ofMinutes(5)), NOW)).isEqualTo("5 min ago");
		assertThat(Formats.relative(NOW.plusSeconds(10), NOW)).isEqualTo("now");
		assertThat(Formats.utc(NOW)).isEqualTo("2026-11-23 10:00 UTC");
	}

}
