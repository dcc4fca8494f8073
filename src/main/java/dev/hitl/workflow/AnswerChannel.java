package dev.hitl.workflow;

import java.util.Optional;
import java.util.function.Supplier;

/**
 * The channel of the answer this thread's code is completing a task for. Set only by
 * {@link ConsultationWorkflow} around its own engine call, never from a variable, form
 * field or header: a completion without it came through Tasklist or the engine's REST
 * API, channel {@code tasklist}.
 */
final class AnswerChannel {

	static final String TASKLIST = "tasklist";

	private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

	private AnswerChannel() {
	}

	static <T> T during(String channel, Supplier<T> work) {
		String previous = CURRENT.get();
		CURRENT.set(channel);
		try {
			return work.get();
		}
		finally {
			if (previous != null) {
				CURRENT.set(previous);
			}
			else {
				CURRENT.remove();
			}
		}
	}

	static String current() {
		return Optional.ofNullable(CURRENT.get()).orElse(TASKLIST);
	}

}
