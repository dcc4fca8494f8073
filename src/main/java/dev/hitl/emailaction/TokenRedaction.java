package dev.hitl.emailaction;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationFilter;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Keeps answer tokens out of traces: an HTTP observation names its request's full path
 * ({@code http.url}), which an exported span would carry to the tracing backend. Metrics
 * use the route template already, and nothing logs the path.
 */
@Configuration(proxyBeanMethods = false)
class TokenRedaction {

	static final String HTTP_URL = "http.url";

	static final String REDACTED = EmailActionLinks.PATH + "{token}";

	@Bean
	ObservationFilter emailActionTokenRedaction() {
		return TokenRedaction::redact;
	}

	static Observation.Context redact(Observation.Context context) {
		KeyValue url = context.getHighCardinalityKeyValue(HTTP_URL);
		if (url != null && url.getValue().contains(EmailActionLinks.PATH)) {
			context.addHighCardinalityKeyValue(KeyValue.of(HTTP_URL, REDACTED));
		}
		return context;
	}

}
