package io.github.logtoreactive.webflux.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when {@code logto.endpoint} is set to something other than blank. A blank value (an unset variable behind
 * {@code ${LOGTO_ENDPOINT:}}) counts as unset, as an absent property does: the integration is then off
 * ({@link LogtoOffAutoConfiguration} says so).
 */
final class OnLogtoEndpoint extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isSet(context.getEnvironment()) ? ConditionOutcome.match("logto.endpoint is set")
				: ConditionOutcome.noMatch("logto.endpoint is not set (or blank)");
	}

	static boolean isSet(Environment environment) {
		String endpoint = environment.getProperty("logto.endpoint");
		return endpoint != null && !endpoint.isBlank();
	}
}
