package io.github.logtoreactive.webflux.autoconfigure;

import java.util.List;

import org.springframework.boot.autoconfigure.condition.ConditionOutcome;
import org.springframework.boot.autoconfigure.condition.SpringBootCondition;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.env.Environment;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Matches when the application is a Logto resource server: {@code logto.resource-server.audiences} holds a value (as
 * a comma list or indexed) or {@code logto.resource-server.organization-tokens=true}.
 */
final class OnResourceServer extends SpringBootCondition {

	@Override
	public ConditionOutcome getMatchOutcome(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return isResourceServer(context.getEnvironment())
				? ConditionOutcome.match("logto.resource-server.audiences is set")
				: ConditionOutcome.noMatch("logto.resource-server.audiences is not set");
	}

	static boolean isResourceServer(Environment environment) {
		Binder binder = Binder.get(environment);
		List<String> audiences = binder.bind("logto.resource-server.audiences", Bindable.listOf(String.class))
			.orElse(List.of());
		boolean organizationTokens = binder.bind("logto.resource-server.organization-tokens", Boolean.class)
			.orElse(false);
		return audiences.stream().anyMatch(audience -> !audience.isBlank()) || organizationTokens;
	}
}
