package dev.hitl.system.web;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ParamsTests {

	@Test
	void absentAndEmptyParametersAreNotGiven() {
		Params params = new Params();
		assertThat(params.oneOf("state", "", Set.of("pending"))).isNull();
		assertThat(params.instant("updated_after", null)).isNull();
		assertThat(params.uuid("consultation_id", "")).isNull();
		assertThat(params.storable("external_ref", null, 200)).isNull();
		assertThat(params.line("actor", "", 255)).isNull();
		assertThat(params.string("state", JsonNodeFactory.instance.nullNode())).isNull();
		params.throwIfInvalid();
	}

	@Test
	void validParametersAreReadAsTheirType() {
		Params params = new Params();
		UUID id = UUID.randomUUID();
		assertThat(params.oneOf("state", "pending", Set.of("pending", "responded"))).isEqualTo("pending");
		assertThat(params.instant("from", "2026-11-23T11:00:00+01:00"))
			.isEqualTo(Instant.parse("2026-11-23T10:00:00Z"));
		assertThat(params.uuid("consultation_id", id.toString())).isEqualTo(id);
		assertThat(params.storable("external_ref", "\ud83d\ude00".repeat(200), 200)).hasSize(400);
		assertThat(params.string("state", JsonNodeFactory.instance.textNode("x"))).isEqualTo("x");
		params.throwIfInvalid();
	}

	@Test
	void everyBrokenParameterIsNamedInOneRefusal() {
		Params params = new Params();
		params.oneOf("state", "open", Set.of("responded", "pending"));
		params.oneOf("action", "nothing", List.of("b", "a"));
		params.instant("updated_after", "2026-11-23T10:00:00 01:00");
		params.requiredInstant("loaded_at", "");
		params.uuid("consultation_id", "not-a-uuid");
		params.storable("external_ref", "nul\u0000", 200);
		params.line("actor", "tab\there", 255);
		params.string("state", JsonNodeFactory.instance.numberNode(1));
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(params::throwIfInvalid).satisfies((ex) -> {
			assertThat(ex.violations()).extracting(FieldViolation::field)
				.containsExactly("state", "action", "updated_after", "loaded_at", "consultation_id", "external_ref",
						"actor", "state");
			assertThat(ex.violations().get(0).message()).isEqualTo("must be one of [pending, responded]");
			assertThat(ex.violations().get(1).message()).isEqualTo("must be one of [b, a]");
			assertThat(ex.violations().get(2).message()).contains("%2B");
			assertThat(ex.violations().get(3).message()).doesNotContain("%2B");
		});
	}

	@Test
	void yearsNoDatabaseHoldsAreRefused() {
		Params params = new Params();
		params.instant("from", "+12026-11-23T10:00:00Z");
		assertThatExceptionOfType(InvalidRequestException.class).isThrownBy(params::throwIfInvalid);
	}

}
