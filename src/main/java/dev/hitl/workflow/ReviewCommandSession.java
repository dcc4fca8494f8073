package dev.hitl.workflow;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.camunda.bpm.engine.impl.context.Context;
import org.camunda.bpm.engine.impl.interceptor.CommandContext;
import org.camunda.bpm.engine.impl.interceptor.Session;
import org.camunda.bpm.engine.impl.interceptor.SessionFactory;

/**
 * What the review rules remember for the length of one engine command: who completed
 * which task and how (from the task's complete listener to its activity's end), the
 * consultations already looked up, and the tasks whose display variables are guarded.
 * Kept out of process variables, which callers can set.
 */
final class ReviewCommandSession implements Session {

	final Map<String, Completion> completions = new HashMap<>();

	final Map<String, Optional<ReviewPolicy.Subject>> subjects = new HashMap<>();

	final Set<String> guardedTasks = new HashSet<>();

	/**
	 * Per process instance, the last answer of a multi-instance review in this command.
	 */
	final Map<String, ReviewTaskCompleted> loopAnswers = new HashMap<>();

	static ReviewCommandSession current() {
		CommandContext context = Context.getCommandContext();
		return context.getSession(ReviewCommandSession.class);
	}

	@Override
	public void flush() {
	}

	@Override
	public void close() {
	}

	record Completion(String respondedBy, String channel) {
	}

	static final class Factory implements SessionFactory {

		@Override
		public Class<?> getSessionType() {
			return ReviewCommandSession.class;
		}

		@Override
		public Session openSession() {
			return new ReviewCommandSession();
		}

	}

}
