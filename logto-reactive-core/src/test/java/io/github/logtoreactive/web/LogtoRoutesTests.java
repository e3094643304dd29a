package io.github.logtoreactive.web;

import io.github.logtoreactive.web.LogtoRoutes.Route;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogtoRoutesTests {

	@Test
	void matchWhenARoutesPathAndMethodThenThatRoute() {
		LogtoRoutes routes = LogtoRoutes.defaults();
		assertThat(routes.match("GET", "/logto/sign-in")).isEqualTo(Route.SIGN_IN);
		assertThat(routes.match("GET", "/logto/callback")).isEqualTo(Route.CALLBACK);
		assertThat(routes.match("POST", "/logto/sign-out")).isEqualTo(Route.SIGN_OUT);
		assertThat(routes.match("GET", "/logto/user")).isEqualTo(Route.USER);
	}

	@Test
	void matchWhenAnotherMethodOrPathThenNone() {
		LogtoRoutes routes = LogtoRoutes.defaults();
		assertThat(routes.match("POST", "/logto/sign-in")).isNull();
		assertThat(routes.match("HEAD", "/logto/user")).isNull();
		assertThat(routes.match("GET", "/logto/sign-out")).as("GET signs out only when enabled").isNull();
		assertThat(routes.match("GET", "/logto/sign-in/")).isNull();
		assertThat(routes.match("GET", "/")).isNull();
	}

	@Test
	void matchWhenSignOutGetEnabledThenGetSignsOut() {
		LogtoRoutes routes = LogtoRoutes.builder().signOut("/bye").signOutGet(true).build();
		assertThat(routes.match("GET", "/bye")).isEqualTo(Route.SIGN_OUT);
		assertThat(routes.match("POST", "/bye")).isEqualTo(Route.SIGN_OUT);
	}

	@Test
	void builderWhenPathOrTargetIsNotLocalThenRefused() {
		assertThatIllegalArgumentException().isThrownBy(() -> LogtoRoutes.builder().signIn("//evil.example"));
		assertThatIllegalArgumentException()
			.isThrownBy(() -> LogtoRoutes.builder().postSignInRedirect("https://evil.example/"));
	}
}
