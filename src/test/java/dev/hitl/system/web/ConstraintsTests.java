package dev.hitl.system.web;

import java.lang.reflect.Method;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hitl.system.InvalidRequestException;
import dev.hitl.system.InvalidRequestException.FieldViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The project's own constraints, and how their violations name the JSON fields. */
class ConstraintsTests {

	private static final ValidatorFactory FACTORY = Validation.buildDefaultValidatorFactory();

	private final Validator validator = FACTORY.getValidator();

	private final ObjectMapper json = new ObjectMapper();

	record Request(@NotNull(message = "is required") @Storable(min = 1, max = 5) String title,
			@Storable(line = true, message = "must be one plain line") String externalRef,
			@IsoDuration(min = "PT5S", max = "P30D") String timeout, @Size(max = 2) List<@IsoDuration String> reminders,
			@JsonLimits(maxBytes = 64, maxDepth = 3) JsonNode context) {

		Request(String title) {
			this(title, null, null, null, null);
		}

	}

	@AfterAll
	static void close() {
		FACTORY.close();
	}

	@Test
	void aValidRequestHasNoViolation() throws Exception {
		assertThat(this.validator.validate(new Request("\ud83d\ude00".repeat(5), "ref-1", "PT30M", List.of("PT1H"),
				this.json.readTree("{\"a\": {\"b\": [1]}}"))))
			.isEmpty();
	}

	@Test
	void storableTextNamesEachBrokenRuleAndCountsCodePoints() {
		assertThat(violations(new Request(null))).containsExactly(new FieldViolation("title", "is required"));
		assertThat(violations(new Request("")))
			.containsExactly(new FieldViolation("title", "must be 1 to 5 characters long"));
		assertThat(violations(new Request("\ud83d\ude00".repeat(6)))).hasSize(1);
		assertThat(violations(new Request("a\u0000\ud800"))).extracting(FieldViolation::message)
			.containsExactlyInAnyOrder("must not contain NUL characters",
					"must be valid Unicode (no unpaired surrogates)");
	}

	@Test
	void aLineRefusesControlCharactersWithItsOwnMessage() {
		assertThat(violations(new Request("t", "tab\there", null, null, null)))
			.containsExactly(new FieldViolation("external_ref", "must be one plain line"));
		assertThat(violations(new Request("t", "fine", null, null, null))).isEmpty();
	}

	@Test
	void isoDurationsAreParsedAndBounded() {
		assertThat(violations(new Request("t", null, "30 minutes", null, null)))
			.containsExactly(new FieldViolation("timeout", "must be an ISO-8601 duration such as PT30M or P1D"));
		assertThat(violations(new Request("t", null, "PT1S", null, null)))
			.containsExactly(new FieldViolation("timeout", "must be between PT5S and PT720H"));
		assertThat(violations(new Request("t", null, null, List.of("PT1H", "soon"), null)))
			.containsExactly(new FieldViolation("reminders[1]", "must be an ISO-8601 duration such as PT30M or P1D"));
	}

	@Test
	void jsonIsLimitedInDepthAndSize() throws Exception {
		ObjectNode deep = (ObjectNode) this.json.readTree("{\"a\": {\"b\": {\"c\": {}}}}");
		assertThat(violations(new Request("t", null, null, null, deep)))
			.containsExactly(new FieldViolation("context", "must not nest deeper than 3 levels"));
		ObjectNode big = this.json.createObjectNode().put("a", "x".repeat(100));
		assertThat(violations(new Request("t", null, null, null, big)))
			.containsExactly(new FieldViolation("context", "must be at most 64 bytes when serialized"));
	}

	@Test
	void violationsComeInTheOrderTheRecordDeclaresItsFields() {
		Request broken = new Request("", "\u0001", "x", List.of("y"), null);
		InvalidRequestException refused = Violations.of(this.validator.validate(broken));
		assertThat(refused.violations()).extracting(FieldViolation::field)
			.containsExactly("title", "external_ref", "timeout", "reminders[0]");
		assertThat(refused.getMessage()).startsWith("title: must be 1 to 5 characters long; external_ref: ");
	}

	@Test
	void aMessageHoldingBracesIsTakenLiterally() {
		record Braced(@Storable(max = 1, message = "must match {a} and ${b}") String value) {
		}
		assertThat(Violations.of(this.validator.validate(new Braced("too long"))).violations())
			.containsExactly(new FieldViolation("value", "must match {a} and ${b}"));
	}

	@Test
	void aViolatedMethodParameterIsNamedAsTheQueryParameter() throws Exception {
		Method list = Filters.class.getDeclaredMethod("list", String.class);
		var found = this.validator.forExecutables()
			.validateParameters(new Filters(), list, new Object[] { "nul\u0000" });
		assertThat(Violations.of(found).violations())
			.containsExactly(new FieldViolation("external_ref", "must not contain NUL characters"));
	}

	static class Filters {

		void list(@Storable String externalRef) {
		}

	}

	private List<FieldViolation> violations(Object request) {
		var found = this.validator.validate(request);
		return found.isEmpty() ? List.of() : Violations.of(found).violations();
	}

}
