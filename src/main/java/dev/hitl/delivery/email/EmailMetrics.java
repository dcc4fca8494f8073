package dev.hitl.delivery.email;

import java.util.List;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.stereotype.Component;

import static dev.hitl.system.MetricSupport.tag;

/**
 * Emails by result and emails cut short by the recipient limit. The counters start at
 * zero on every node, so a failure rate or an alert on them is defined before the first
 * failure.
 */
@Component
class EmailMetrics implements MeterBinder {

	/**
	 * Counter, tag {@code result}: {@code sent}, {@code logged} (no mail host),
	 * {@code failed}.
	 */
	static final String EMAILS = "hitl.emails";

	/**
	 * Counter: emails whose candidate reviewers were more than the per-email limit, so
	 * some of them were not sent it.
	 */
	static final String RECIPIENTS_CUT = "hitl.email.recipients.cut";

	private static final List<String> RESULTS = List.of("sent", "logged", "failed");

	private final MeterRegistry registry;

	EmailMetrics(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String result : RESULTS) {
			registry.counter(EMAILS, "result", result);
		}
		registry.counter(RECIPIENTS_CUT);
	}

	/**
	 * @param result {@code sent}, {@code logged} or {@code failed}
	 */
	void email(String result) {
		this.registry.counter(EMAILS, "result", tag(result)).increment();
	}

	/** An email went to the first recipients only: its list was over the limit. */
	void recipientsCut() {
		this.registry.counter(RECIPIENTS_CUT).increment();
	}

}
