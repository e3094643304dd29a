package io.github.logtoreactive.webflux.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Matches when Logto takes part in the security chain: the application signs users in ({@code LogtoWebFilter}) or
 * validates Logto access tokens ({@code LogtoResourceServerSecurity}).
 */
final class OnLogtoSecurity extends AnyNestedCondition {

	OnLogtoSecurity() {
		super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnBean(type = "io.github.logtoreactive.webflux.LogtoWebFilter")
	static class SignsUsersIn {

	}

	@ConditionalOnBean(type = "io.github.logtoreactive.webflux.security.LogtoResourceServerSecurity")
	static class ValidatesAccessTokens {

	}
}
