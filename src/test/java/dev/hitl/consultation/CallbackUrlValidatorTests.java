package dev.hitl.consultation;

import java.util.Optional;

import dev.hitl.delivery.webhook.CallbackUrlPolicy;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorFactory;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class CallbackUrlValidatorTests {

	record Callback(@CallbackUrl String callbackUrl) {
	}

	private final CallbackUrlPolicy policy = mock(CallbackUrlPolicy.class);

	@Test
	void theViolationSaysWhyThePolicyRefusedTheUrl() {
		given(this.policy.problemWith("http://127.0.0.1/hook"))
			.willReturn(Optional.of("must not point to a private, loopback or reserved address"));
		given(this.policy.problemWith("https://agent.example/hook")).willReturn(Optional.empty());
		try (ValidatorFactory factory = factory()) {
			Validator validator = factory.getValidator();
			assertThat(validator.validate(new Callback("http://127.0.0.1/hook"))).singleElement()
				.satisfies((violation) -> {
					assertThat(violation.getMessage())
						.isEqualTo("must not point to a private, loopback or reserved address");
					assertThat(violation.getPropertyPath()).hasToString("callbackUrl");
				});
			assertThat(validator.validate(new Callback("https://agent.example/hook"))).isEmpty();
			assertThat(validator.validate(new Callback(null))).isEmpty();
		}
	}

	private ValidatorFactory factory() {
		ValidatorFactory defaults = Validation.buildDefaultValidatorFactory();
		ConstraintValidatorFactory fallback = defaults.getConstraintValidatorFactory();
		return Validation.byDefaultProvider().configure().constraintValidatorFactory(new ConstraintValidatorFactory() {
			@Override
			@SuppressWarnings("unchecked")
			public <T extends ConstraintValidator<?, ?>> T getInstance(Class<T> key) {
				return (key == CallbackUrlValidator.class)
						? (T) new CallbackUrlValidator(CallbackUrlValidatorTests.this.policy)
						: fallback.getInstance(key);
			}

			@Override
			public void releaseInstance(ConstraintValidator<?, ?> instance) {
			}
		}).buildValidatorFactory();
	}

}
