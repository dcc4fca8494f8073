package dev.hitl.workflow;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Does the work of one external task topic. Implementations are glue around a plain
 * service; the engine's external task retries and incidents carry the reliability.
 */
public interface TopicWorker {

	String topic();

	/** The task's variables to fetch with it. */
	List<String> variables();

	/**
	 * How long a fetched task stays locked: longer than the worst case of one attempt, so
	 * a slow attempt is never started a second time in parallel.
	 */
	Duration lockDuration();

	/** How many tasks of this topic this node works on at once. */
	default int concurrency() {
		return 1;
	}

	/**
	 * Whether this node works the topic at all: a channel that is not configured here
	 * subscribes to nothing, so its tasks wait for a node that has it.
	 */
	default boolean enabled() {
		return true;
	}

	WorkResult work(WorkItem item);

	/**
	 * One fetched task.
	 *
	 * @param retriesLeft the retries the worker granted at its last failure, or null
	 * before the first failure
	 */
	record WorkItem(String taskId, String processInstanceId, String businessKey, Map<String, Object> variables,
			Integer retriesLeft) {

		public String variable(String name) {
			Object value = this.variables.get(name);
			return (value != null) ? value.toString() : null;
		}

	}

	/**
	 * The result of a failed attempt under a retry schedule whose length is the number of
	 * retries: wait {@code schedule[i]} before retry {@code i + 1}, then give up with an
	 * incident. The engine's retry counter carries the position across nodes and
	 * restarts. A {@code minimumWait} (the receiver's {@code Retry-After}) lengthens the
	 * wait, but never beyond the schedule's longest.
	 */
	static WorkResult failure(String error, Integer retriesLeft, List<Duration> schedule, Duration minimumWait) {
		if (schedule.isEmpty() || (retriesLeft != null && retriesLeft <= 1)) {
			return WorkResult.failed(error);
		}
		int next = (retriesLeft == null) ? 0 : schedule.size() - retriesLeft + 1;
		Duration wait = schedule.get(Math.max(0, Math.min(next, schedule.size() - 1)));
		if (minimumWait != null && minimumWait.compareTo(wait) > 0) {
			// A receiver's Retry-After is honoured up to the longest wait of the
			// schedule:
			// an absurd one must neither stall the delivery for years nor overflow.
			Duration longest = schedule.stream().max(Duration::compareTo).orElse(wait);
			wait = (minimumWait.compareTo(longest) > 0) ? longest : minimumWait;
		}
		return WorkResult.retry(error, (retriesLeft == null) ? schedule.size() : retriesLeft - 1, wait);
	}

	/** What became of one attempt. */
	sealed interface WorkResult {

		static WorkResult completed() {
			return new Completed();
		}

		/**
		 * Try again after {@code wait}, with {@code retriesLeft} more tries after that.
		 */
		static WorkResult retry(String error, int retriesLeft, Duration delay) {
			return new Retry(error, retriesLeft, delay);
		}

		/** No more tries: the engine raises an incident an admin can resolve. */
		static WorkResult failed(String error) {
			return new Failed(error);
		}

		record Completed() implements WorkResult {
		}

		record Retry(String error, int retriesLeft, Duration delay) implements WorkResult {
		}

		record Failed(String error) implements WorkResult {
		}

	}

}
