package dev.hitl.consultation;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * An absolute http(s) URL the webhook worker may call, as {@code CallbackUrlPolicy}
 * decides (private and loopback targets refused unless configured); the violation says
 * which rule it broke. {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = CallbackUrlValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT })
@Retention(RetentionPolicy.RUNTIME)
@interface CallbackUrl {

	String message() default "must be an absolute http(s) URL";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
