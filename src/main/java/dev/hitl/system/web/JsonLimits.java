package dev.hitl.system.web;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import jakarta.validation.Constraint;
import jakarta.validation.Payload;

/**
 * A free JSON value small enough to store and render: at most {@code maxBytes} when
 * serialized and {@code maxDepth} levels of nesting (a flat object is one level).
 * {@code null} is valid.
 */
@Documented
@Constraint(validatedBy = JsonLimitsValidator.class)
@Target({ ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.RECORD_COMPONENT,
		ElementType.TYPE_USE })
@Retention(RetentionPolicy.RUNTIME)
public @interface JsonLimits {

	String message() default "";

	int maxBytes() default 64 * 1024;

	int maxDepth() default 20;

	Class<?>[] groups() default {};

	Class<? extends Payload>[] payload() default {};

}
