package dev.hitl.system.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * An ISO-8601 duration ({@code PT30M}, {@code P1D}), from {@code min} to {@code max} when
 * they are given (as durations too). {@code null} is valid. Works on a list's elements:
 * {@code List<@IsoDuration String>}.
 */
@Documented
@Constraint(validatedBy = IsoDurationValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface IsoDuration {

	String message() default "must be an ISO-8601 duration such as PT30M or P1D";

	/** The shortest allowed, e.g. {@code PT5S}; empty: no lower bound. */
	String min() default "";

	/** The longest allowed, e.g. {@code P30D}; empty: no upper bound. */
	String max() default "";

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
