package dev.hitl.workflow;

import java.time.Duration;
import java.util.List;

import dev.hitl.workflow.TopicWorker.WorkResult;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TopicWorkerFailureTests {

	private static final List<Duration> SCHEDULE = List.of(Duration.ofSeconds(5), Duration.ofMinutes(5),
			Duration.ofMinutes(30));

	@Test
	void walksTheScheduleThenGivesUp() {
		WorkResult first = TopicWorker.failure("e", null, SCHEDULE, null);
		assertThat(first).isEqualTo(WorkResult.retry("e", 3, Duration.ofSeconds(5)));
		WorkResult second = TopicWorker.failure("e", 3, SCHEDULE, null);
		assertThat(second).isEqualTo(WorkResult.retry("e", 2, Duration.ofMinutes(5)));
		WorkResult third = TopicWorker.failure("e", 2, SCHEDULE, null);
		assertThat(third).isEqualTo(WorkResult.retry("e", 1, Duration.ofMinutes(30)));
		assertThat(TopicWorker.failure("e", 1, SCHEDULE, null)).isEqualTo(WorkResult.failed("e"));
	}

	@Test
	void aReceiversRetryAfterWinsWhenLonger() {
		assertThat(TopicWorker.failure("e", null, SCHEDULE, Duration.ofMinutes(2)))
			.isEqualTo(WorkResult.retry("e", 3, Duration.ofMinutes(2)));
		assertThat(TopicWorker.failure("e", null, SCHEDULE, Duration.ofSeconds(1)))
			.isEqualTo(WorkResult.retry("e", 3, Duration.ofSeconds(5)));
	}

	@Test
	void anAbsurdRetryAfterIsCappedAtTheLongestWaitOfTheSchedule() {
		WorkResult capped = TopicWorker.failure("e", null, SCHEDULE, Duration.ofSeconds(Long.MAX_VALUE));
		assertThat(capped).isEqualTo(WorkResult.retry("e", 3, Duration.ofMinutes(30)));
		assertThat(((WorkResult.Retry) capped).delay().toMillis()).isEqualTo(1_800_000);
		assertThat(TopicWorker.failure("e", 3, SCHEDULE, Duration.ofDays(365)))
			.isEqualTo(WorkResult.retry("e", 2, Duration.ofMinutes(30)));
	}

	@Test
	void anEmptyScheduleFailsAtOnce() {
		assertThat(TopicWorker.failure("e", null, List.of(), null)).isEqualTo(WorkResult.failed("e"));
	}

}
