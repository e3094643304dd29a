package io.github.logtoreactive.webflux;

import io.github.logtoreactive.SignInOptions;
import org.springframework.web.server.ServerWebExchange;

/**
 * Changes the {@link SignInOptions} of every sign-in started by {@link LogtoWebFilter}'s sign-in route, after the
 * route has read its query parameters and before the options are validated. Declare one as a bean and the Boot
 * auto-configuration applies it (in {@code @Order}); without Boot, pass it to
 * {@link LogtoWebFilter.Builder#signInOptionsCustomizer(SignInOptionsCustomizer)}.
 *
 * <pre>{@code
 * @Bean
 * SignInOptionsCustomizer frenchSignIn() {
 *     return (exchange, options) -> options.uiLocales("fr-CA fr").firstScreen(FirstScreen.IDENTIFIER_SIGN_IN);
 * }
 * }</pre>
 *
 * Runs on the request's thread: it must not block. A value the builder refuses ({@link IllegalArgumentException})
 * answers the sign-in request with 400 {@code invalid_sign_in_option}.
 */
@FunctionalInterface
public interface SignInOptionsCustomizer {

	/**
	 * @param exchange the sign-in request
	 * @param options the options so far (redirect URI, post-sign-in target and the query's options)
	 */
	void customize(ServerWebExchange exchange, SignInOptions.Builder options);
}
