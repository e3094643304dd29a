package io.github.logtoreactive.webflux.autoconfigure;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches unless the application is only a resource server: {@code logto.resource-server.*} is configured and
 * {@code logto.app-id} is not. An application that signs users in keeps failing fast on a missing app id; an API that
 * only validates access tokens needs no Logto application.
 */
final class OnClientApplication extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		Environment environment = context.getEnvironment();
		String appId = environment.getProperty("logto.app-id");
		if ((appId == null || appId.isBlank()) && OnResourceServer.isResourceServer(environment)) {
			return ConditionOutcome.noMatch("a resource server without logto.app-id signs nobody in");
		}
		return ConditionOutcome.match("logto.app-id is set, or this is not only a resource server");
	}
}
