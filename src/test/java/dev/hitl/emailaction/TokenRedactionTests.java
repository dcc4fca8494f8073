package dev.hitl.emailaction;

import io.micrometer.common.KeyValue;
import io.micrometer.observation.Observation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TokenRedactionTests {

	@Test
	void anAnswerPagesObservationNamesTheRouteNotTheToken() {
		String token = ActionTokens.mint();
		Observation.Context context = new Observation.Context();
		context.addHighCardinalityKeyValue(KeyValue.of("http.url", "/email-actions/" + token));
		assertThat(TokenRedaction.redact(context).getHighCardinalityKeyValue("http.url").getValue())
			.isEqualTo("/email-actions/{token}");
	}

	@Test
	void otherObservationsAreLeftAlone() {
		Observation.Context context = new Observation.Context();
		context.addHighCardinalityKeyValue(KeyValue.of("http.url", "/api/v1/consultations/42"));
		assertThat(TokenRedaction.redact(context).getHighCardinalityKeyValue("http.url").getValue())
			.isEqualTo("/api/v1/consultations/42");
	}

}
