package dev.hitl.consultation;

import java.util.List;
import java.util.Optional;

import dev.hitl.delivery.webhook.CallbackUrlPolicy;
import dev.hitl.system.web.Constraints;
import jakarta.validation.ConstraintValidator;
import jakarta.validation.ConstraintValidatorContext;

/** Built by Spring's validator factory, which hands it the configured policy. */
class CallbackUrlValidator implements ConstraintValidator<CallbackUrl, String> {

	private final CallbackUrlPolicy policy;

	CallbackUrlValidator(CallbackUrlPolicy policy) {
		this.policy = policy;
	}

	@Override
	public boolean isValid(String url, ConstraintValidatorContext context) {
		if (url == null) {
			return true;
		}
		Optional<String> problem = this.policy.problemWith(url);
		problem.ifPresent((message) -> Constraints.report(context, List.of(message)));
		return problem.isEmpty();
	}

}
